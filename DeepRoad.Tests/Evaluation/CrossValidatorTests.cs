using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Evaluation;

public sealed class CrossValidatorTests
{
    private static IEstimator<ITransformer> BinaryEstimator(MLContext ml) =>
        ml.Transforms.NormalizeMinMax("Features").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());

    private static IEstimator<ITransformer> MulticlassEstimator(MLContext ml) =>
        ml.Transforms.NormalizeMinMax("Features").Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());

    [Fact]
    public void Run_Binary_OutOfFoldRowsInOriginalOrder_MatchFoldModels()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var result = CrossValidator.Run(ml, data, BinaryEstimator(ml), MLTask.BinaryClassification,
            new CrossValidationOptions { Folds = 4, Seed = 3, KeepModels = true });

        Assert.Equal(4, result.FoldResults.Count);
        Assert.False(result.StoppedEarly);
        Assert.Equal(MetricKind.RocAuc, result.PrimaryMetric);
        Assert.All(result.TestFoldOfRow, f => Assert.InRange(f, 0, 3));
        Assert.True(result.PrimaryMean > 0.97, $"AUC {result.PrimaryMean}");
        Assert.Equal(LabelReader.Read(data, MLTask.BinaryClassification), result.Truth);

        // Row i of the out-of-fold matrix is what fold TestFoldOfRow[i]'s model predicts for row i.
        var probabilities = new Dictionary<int, float[]>();
        for (int f = 0; f < 4; f++)
            probabilities[f] = result.FoldResults[f].Model!.Transform(data).GetColumn<float>("Probability").ToArray();
        for (int i = 0; i < result.Truth.Length; i += 7)
            Assert.Equal(probabilities[result.TestFoldOfRow[i]][i], result.OutOfFold[i, 1], 5);

        // The summary is the mean of the fold values; pooled metrics use the same predictions.
        Assert.Equal(result.FoldResults.Average(f => f.Metrics[MetricKind.Accuracy]), result.Mean(MetricKind.Accuracy), 12);
        Assert.Equal(Metric.Compute(MetricKind.LogLoss, result.Truth, result.OutOfFold, MLTask.BinaryClassification),
            result.OutOfFoldMetrics[MetricKind.LogLoss], 12);
        Assert.All(result.FoldResults, f => Assert.True(f.FitTime > TimeSpan.Zero));
    }

    [Fact]
    public void Run_Multiclass_StratifiedFoldsAndSensibleScores()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        var result = CrossValidator.Run(ml, data, MulticlassEstimator(ml), MLTask.MulticlassClassification,
            new CrossValidationOptions { Folds = 5, Seed = 7, Metrics = [MetricKind.Accuracy, MetricKind.MacroF1, MetricKind.LogLoss] });
        Assert.Equal(3, result.OutOfFold.Width);
        Assert.True(result.Mean(MetricKind.Accuracy) > 0.85);
        Assert.True(result.StandardDeviation(MetricKind.Accuracy) >= 0);
        foreach (var fold in result.Folds)
            Assert.Equal(8, fold.TestIndices.Count(i => result.Truth[i] == 0)); // 40 per species / 5 folds
    }

    [Fact]
    public void Run_Regression_WithFactoryAndExplicitFolds()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "diabetes", "progression", MLTask.Regression);
        int rows = (int)data.GetRowCount()!;
        var folds = new KFold { Folds = 3, Seed = 2 }.Split(rows);
        var seen = new List<int>();
        var result = CrossValidator.Run(ml, data, fold =>
            {
                lock (seen) seen.Add(fold);
                return ml.Transforms.NormalizeMeanVariance("Features").Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 20));
            }, MLTask.Regression, new CrossValidationOptions { FoldAssignments = folds });
        Assert.Equal([0, 1, 2], seen.Order());
        Assert.Same(folds, result.Folds);
        Assert.True(result.Mean(MetricKind.R2) > 0.3, $"R2 {result.Mean(MetricKind.R2)}");
        Assert.Equal(Math.Sqrt(result.FoldResults[0].Metrics[MetricKind.Rmse] * result.FoldResults[0].Metrics[MetricKind.Rmse]),
            result.FoldResults[0].Metrics[MetricKind.Rmse], 12);
    }

    [Fact]
    public void Run_TimeSeriesFolds_UncoveredRowsAreNaN()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "diabetes", "progression", MLTask.Regression);
        int rows = (int)data.GetRowCount()!;
        var result = CrossValidator.Run(ml, data, ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5), MLTask.Regression,
            new CrossValidationOptions { FoldAssignments = new TimeSeriesSplit { Splits = 3 }.Split(rows), Metrics = [MetricKind.Mae] });
        Assert.Equal(-1, result.TestFoldOfRow[0]);
        Assert.True(float.IsNaN(result.OutOfFold[0, 0]));
        Assert.Equal(3 * (rows / 4), result.CoveredRows().Length);
        Assert.False(double.IsNaN(result.OutOfFoldMetrics[MetricKind.Mae]));
    }

    [Fact]
    public void Run_ParallelFolds_SameResultsAsSequential()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var options = new CrossValidationOptions { Folds = 4, Seed = 5 };
        var sequential = CrossValidator.Run(ml, data, _ => BinaryEstimator(ml), MLTask.BinaryClassification, options);
        var parallel = CrossValidator.Run(ml, data, _ => BinaryEstimator(ml), MLTask.BinaryClassification, options with { MaxParallelism = 2 });
        Assert.Equal(sequential.OutOfFold.Values, parallel.OutOfFold.Values);
        Assert.Equal(sequential.PrimaryMean, parallel.PrimaryMean);
    }

    [Fact]
    public void Run_CallbackReturnsFalse_StopsEarlyWithCompletedFolds()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        var reports = new List<FoldReport>();
        var progress = new List<CrossValidationProgress>();
        var result = CrossValidator.Run(ml, data, MulticlassEstimator(ml), MLTask.MulticlassClassification,
            new CrossValidationOptions
            {
                Folds = 5,
                OnFoldCompleted = r => { reports.Add(r); return r.CompletedFolds < 2; },
            },
            new SyncProgress<CrossValidationProgress>(progress.Add));
        Assert.True(result.StoppedEarly);
        Assert.Equal(2, result.FoldResults.Count);
        Assert.Equal([1, 2], reports.Select(r => r.CompletedFolds));
        Assert.Equal((reports[0].Value + reports[1].Value) / 2, reports[1].RunningMean, 12);
        Assert.Equal(2, progress.Count);
        Assert.Equal(5, reports[0].TotalFolds);
    }

    [Fact]
    public void Run_SharedStatefulEstimatorInParallel_MatchesSequential()
    {
        // L-BFGS keeps its training state in the trainer instance: two parallel fits of one shared instance raced
        // (a hang in the line search, seen in CI). The shared-estimator overload must give the sequential result.
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        var estimator = MulticlassEstimator(ml);
        var sequential = CrossValidator.Run(ml, data, estimator, MLTask.MulticlassClassification, new CrossValidationOptions { Folds = 4, MaxParallelism = 1 });
        for (int round = 0; round < 3; round++)
        {
            var parallel = CrossValidator.Run(ml, data, estimator, MLTask.MulticlassClassification, new CrossValidationOptions { Folds = 4, MaxParallelism = 4 });
            Assert.Equal(sequential.OutOfFold.Values.ToArray(), parallel.OutOfFold.Values.ToArray());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Run_CallbackThrows_ExceptionPropagatesUnchanged(int parallelism)
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        var ex = Assert.Throws<TimeoutException>(() => CrossValidator.Run(ml, data, MulticlassEstimator(ml), MLTask.MulticlassClassification,
            new CrossValidationOptions { Folds = 3, MaxParallelism = parallelism, OnFoldCompleted = _ => throw new TimeoutException("pruned") }));
        Assert.Equal("pruned", ex.Message);
    }

    [Fact]
    public void Run_CancelledBeforeStart_Throws()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            CrossValidator.Run(ml, data, MulticlassEstimator(ml), MLTask.MulticlassClassification, cancellationToken: cts.Token));
    }

    [Fact]
    public void Run_CancelledDuringFold_StopsBeforeNextFold()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        using var cts = new CancellationTokenSource();
        int built = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => CrossValidator.Run(ml, data, fold =>
        {
            built++;
            if (fold == 1) cts.Cancel(); // cancelled while fold 1 is being set up: its fit reads a cancelled cursor
            return MulticlassEstimator(ml);
        }, MLTask.MulticlassClassification, new CrossValidationOptions { Folds = 5 }, cancellationToken: cts.Token));
        Assert.Equal(2, built);
    }

    [Fact]
    public void Run_MetricOfWrongTask_ErrorNamesMetric()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "diabetes", "progression", MLTask.Regression);
        var ex = Assert.Throws<ArgumentException>(() => CrossValidator.Run(ml, data, ml.Regression.Trainers.Sdca(), MLTask.Regression,
            new CrossValidationOptions { Metrics = [MetricKind.RocAuc] }));
        Assert.Contains("roc_auc", ex.Message);
    }

    /// <summary>IProgress that calls back synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
