using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Evaluation;

/// <summary>
/// K-fold cross-validation of any <see cref="IEstimator{TTransformer}"/> on a prepared view (label per the label
/// contract): fits one model per training fold (optionally rebalanced), scores its held-out rows, and returns
/// per-fold metrics, their mean/std, fit times and out-of-fold predictions. Tuning, ensembles and AutoML build on it:
/// a trial turns its parameters into an estimator and takes <see cref="CrossValidationResult.PrimaryMean"/>.
/// </summary>
public static class CrossValidator
{
    /// <summary>
    /// Cross-validates one estimator configuration (fitted afresh on every fold). Many ML.NET trainers keep training
    /// state in instance fields (L-BFGS, for one, loops forever when two fits share an instance), so with
    /// <see cref="CrossValidationOptions.MaxParallelism"/> above 1 the folds still select and score their rows in
    /// parallel but the fits of this one shared instance take turns. Pass an estimator factory instead to fit the folds
    /// truly in parallel.
    /// </summary>
    public static CrossValidationResult Run(
        MLContext mlContext,
        IDataView data,
        IEstimator<ITransformer> estimator,
        MLTask task,
        CrossValidationOptions? options = null,
        IProgress<CrossValidationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        IEstimator<ITransformer> shared = options is { MaxParallelism: > 1 } ? new TurnTakingEstimator(estimator) : estimator;
        return Run(mlContext, data, _ => shared, task, options, progress, cancellationToken);
    }

    /// <summary>Serialises <see cref="IEstimator{TTransformer}.Fit"/> on one shared, possibly stateful estimator instance.</summary>
    private sealed class TurnTakingEstimator(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        private readonly Lock _gate = new();

        public ITransformer Fit(IDataView input)
        {
            lock (_gate) return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    /// <summary>
    /// Cross-validates the estimator <paramref name="estimatorFactory"/> builds for each fold number (use it to give
    /// each fold's trainer its own seed or to avoid sharing estimator objects between parallel folds).
    /// </summary>
    public static CrossValidationResult Run(
        MLContext mlContext,
        IDataView data,
        Func<int, IEstimator<ITransformer>> estimatorFactory,
        MLTask task,
        CrossValidationOptions? options = null,
        IProgress<CrossValidationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(estimatorFactory);
        options ??= new CrossValidationOptions();
        if (options.MaxParallelism < 1)
            throw new ArgumentException($"MaxParallelism must be at least 1, not {options.MaxParallelism}.", nameof(options));

        var metrics = options.Metrics is { Count: > 0 } m ? m.Distinct().ToArray() : MetricKindExtensions.StandardSetFor(task).ToArray();
        foreach (var metric in metrics)
            if (!metric.AppliesTo(task))
                throw new ArgumentException($"Metrics: '{MetricNames.ToName(metric)}' does not apply to {task}.", nameof(options));

        var truth = LabelReader.Read(data, task, options.LabelColumn, cancellationToken);
        int n = truth.Length;
        int width = PredictionWidth(data, task, options.LabelColumn, truth);
        var folds = options.FoldAssignments ?? MakeFolds(options, task, truth);
        ValidateFolds(folds, n);
        var foldSeeds = DeriveSeeds(options.Seed, folds.Count);

        var outOfFold = PredictionMatrix.Create(n, width, float.NaN);
        var testFoldOfRow = new int[n];
        Array.Fill(testFoldOfRow, -1);
        var results = new FoldResult?[folds.Count];
        var gate = new object();
        int completed = 0;
        bool stopRequested = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        void RunFold(int f)
        {
            if (Volatile.Read(ref stopRequested)) return;
            FoldResult result;
            PredictionMatrix predictions;
            try
            {
                (result, predictions) = FitAndScore(mlContext, data, estimatorFactory, task, options, metrics, truth, width, folds[f], f, foldSeeds[f], stop.Token);
            }
            catch (Exception) when (Volatile.Read(ref stopRequested) && !cancellationToken.IsCancellationRequested)
            {
                return; // stopped early by the callback: this fold's work is abandoned
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is not OperationCanceledException)
            {
                throw new OperationCanceledException($"Cross-validation cancelled during fold {f}.", ex, cancellationToken);
            }

            lock (gate)
            {
                results[f] = result;
                var test = folds[f].TestIndices;
                for (int i = 0; i < test.Length; i++)
                {
                    predictions.Row(i).CopyTo(outOfFold.Row(test[i]));
                    testFoldOfRow[test[i]] = f;
                }
                completed++;
                var primary = metrics[0];
                double running = MetricSummary.Of(results.Where(r => r is not null).Select(r => r!.Metrics[primary])).Mean;
                progress?.Report(new CrossValidationProgress(completed, folds.Count,
                    $"fold {f + 1}/{folds.Count}: {MetricNames.ToName(primary)} = {result.Metrics[primary]:G6} (fit {result.FitTime.TotalSeconds:F2}s)"));
                if (options.OnFoldCompleted is { } callback)
                {
                    bool proceed;
                    try
                    {
                        proceed = callback(new FoldReport(f, completed, folds.Count, primary, result.Metrics[primary], running, result.Metrics));
                    }
                    catch
                    {
                        // e.g. a pruned trial: abandon the folds still running, then let the exception through.
                        Volatile.Write(ref stopRequested, true);
                        stop.Cancel();
                        throw;
                    }
                    if (!proceed)
                    {
                        Volatile.Write(ref stopRequested, true);
                        stop.Cancel();
                    }
                }
            }
        }

        if (options.MaxParallelism == 1)
        {
            for (int f = 0; f < folds.Count && !stopRequested; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                RunFold(f);
            }
        }
        else
        {
            try
            {
                Parallel.For(0, folds.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelism, CancellationToken = cancellationToken }, RunFold);
            }
            catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
            {
                var first = ex.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException) ?? ex.InnerExceptions[0];
                ExceptionDispatchInfo.Capture(first).Throw();
                throw;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var finished = results.Where(r => r is not null).Select(r => r!).ToArray();
        return new CrossValidationResult(task, metrics, folds, finished, truth, outOfFold, testFoldOfRow, stopRequested && finished.Length < folds.Count);
    }

    private static (FoldResult, PredictionMatrix) FitAndScore(
        MLContext ml, IDataView data, Func<int, IEstimator<ITransformer>> factory, MLTask task, CrossValidationOptions options,
        IReadOnlyList<MetricKind> metrics, float[] truth, int width, Fold fold, int foldNumber, int seed, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        var train = DataViewRows.SelectForTraining(ml, data, fold.TrainIndices, ct);
        if (options.Resampler is { } resampler) train = resampler.Resample(ml, train, seed, ct);
        if (options.CacheTrainingData) train = ml.Data.Cache(train);
        var model = factory(foldNumber).Fit(train);
        var fitTime = watch.Elapsed;
        ct.ThrowIfCancellationRequested();

        watch.Restart();
        var test = DataViewRows.Select(ml, data, fold.TestIndices, ct);
        var predictions = PredictionExtractor.Extract(model.Transform(test), task, width, ct);
        var scoreTime = watch.Elapsed;
        if (predictions.Rows != fold.TestIndices.Length)
            throw new InvalidOperationException($"Fold {foldNumber}: the model scored {predictions.Rows} rows of {fold.TestIndices.Length}; a transform in the pipeline drops rows.");

        var foldTruth = fold.TestIndices.Select(i => truth[i]).ToArray();
        var values = metrics.ToDictionary(m => m, m => Metric.ComputeOrNaN(m, foldTruth, predictions, task));
        int trainRows = DataViewRows.Count(train, ct);
        return (new FoldResult(foldNumber, trainRows, fold.TestIndices.Length, values, fitTime, scoreTime, options.KeepModels ? model : null), predictions);
    }


    private static int PredictionWidth(IDataView data, MLTask task, string labelColumn, float[] truth)
    {
        if (task == MLTask.Regression) return 1;
        if (task == MLTask.BinaryClassification) return 2;
        var type = data.Schema[labelColumn].Type;
        if (type is Microsoft.ML.Data.KeyDataViewType) return PreparedLabel.FromSchema(data.Schema, labelColumn).ClassCount;
        return truth.Length == 0 ? 0 : (int)truth.Max() + 1;
    }

    private static IReadOnlyList<Fold> MakeFolds(CrossValidationOptions options, MLTask task, float[] truth)
    {
        if (task != MLTask.Regression && options.Stratified)
            return new StratifiedKFold { Folds = options.Folds, Shuffle = options.Shuffle, Seed = options.Seed, AllowSmallClasses = options.AllowSmallClasses }.Split(truth);
        return new KFold { Folds = options.Folds, Shuffle = options.Shuffle, Seed = options.Seed }.Split(truth.Length);
    }

    private static void ValidateFolds(IReadOnlyList<Fold> folds, int rows)
    {
        if (folds.Count == 0)
            throw new ArgumentException("FoldAssignments is empty.", nameof(CrossValidationOptions.FoldAssignments));
        for (int f = 0; f < folds.Count; f++)
        {
            if (folds[f].TrainIndices.Length == 0 || folds[f].TestIndices.Length == 0)
                throw new ArgumentException($"FoldAssignments: fold {f} has an empty train or test part.", nameof(CrossValidationOptions.FoldAssignments));
            foreach (var i in folds[f].TrainIndices.Concat(folds[f].TestIndices))
                if (i < 0 || i >= rows)
                    throw new ArgumentException($"FoldAssignments: fold {f} refers to row {i}, but the data has {rows} rows.", nameof(CrossValidationOptions.FoldAssignments));
        }
    }

    private static int[] DeriveSeeds(int seed, int count)
    {
        var random = new Random(seed);
        var seeds = new int[count];
        for (int i = 0; i < count; i++) seeds[i] = random.Next();
        return seeds;
    }
}
