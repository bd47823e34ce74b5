using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Imbalance;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tests.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Imbalance;

public sealed class ImbalanceTests
{
    private static int[] Classes(IDataView view, MLTask task) =>
        LabelReader.Read(view, task).Select(l => (int)l).ToArray();

    private static float[][] Features(IDataView view) =>
        view.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();

    [Fact]
    public void ClassWeights_Balanced_MatchesScikitLearn()
    {
        // sklearn.utils.class_weight.compute_class_weight("balanced", classes=[0,1,2], y=[0]*6+[1]*3+[2]) -> [0.5556, 1.1111, 3.3333]
        int[] y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 2];
        var w = ClassWeights.ComputeBalanced(y, 3);
        Assert.Equal(10.0 / 18, w[0], 12);
        Assert.Equal(10.0 / 9, w[1], 12);
        Assert.Equal(10.0 / 3, w[2], 12);
    }

    [Fact]
    public void ClassWeights_Resample_AddsWeightColumnATrainerCanUse()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var weighted = new ClassWeights().Resample(ml, data, seed: 0);
        var classes = Classes(data, MLTask.BinaryClassification);
        var weights = weighted.GetColumn<float>("Weight").ToArray();
        var expected = ClassWeights.ComputeBalanced(classes, 2);
        Assert.Equal(classes.Length, weights.Length);
        for (int i = 0; i < classes.Length; i++) Assert.Equal((float)expected[classes[i]], weights[i]);
        Assert.Equal(classes.Length, weights.Sum(), 2); // balanced weights sum to n

        var model = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(exampleWeightColumnName: "Weight"))
            .Fit(weighted);
        Assert.Equal(classes.Length, model.Transform(data).GetColumn<float>("Probability").Count());
    }

    [Fact]
    public void ResamplingEstimator_ClassWeightsInChain_PassesSchemaCheckAndShiftsPredictions()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var plain = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l2Regularization: 10f)).Fit(data);
        var weighted = ml.Transforms.NormalizeMinMax("Features")
            .Append(new ResamplingEstimator(ml, ml.BinaryClassification.Trainers.LbfgsLogisticRegression(exampleWeightColumnName: "Weight", l2Regularization: 10f), new ClassWeights()))
            .Fit(data);
        // Scoring needs no Weight column; up-weighting the minority (malignant) class raises its mean probability.
        double Mean(ITransformer model) => model.Transform(data).GetColumn<float>("Probability").Average();
        Assert.True(Mean(weighted) > Mean(plain), $"{Mean(weighted)} vs {Mean(plain)}");
    }

    [Fact]
    public void RandomOverSampler_BalancesClassesKeepingOriginals()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var before = Classes(data, MLTask.BinaryClassification);
        int majority = before.GroupBy(c => c).Max(g => g.Count());
        var resampled = new RandomOverSampler().Resample(ml, data, seed: 3);
        var after = Classes(resampled, MLTask.BinaryClassification);
        Assert.Equal(2 * majority, after.Length);
        Assert.Equal(majority, after.Count(c => c == 0));
        Assert.Equal(majority, after.Count(c => c == 1));
        // Every original row is still there (features as multiset keys).
        var originals = Features(data).Select(f => string.Join(",", f)).ToHashSet();
        var kept = Features(resampled).Select(f => string.Join(",", f)).ToHashSet();
        Assert.Subset(kept, originals);
        Assert.Equal(originals.Count, kept.Count);

        var half = new RandomOverSampler { TargetRatio = 0.8 }.SampleIndices(before, 2, seed: 1);
        Assert.Equal(before.Length + (int)Math.Ceiling(0.8 * majority) - before.Count(c => c == 1), half.Length);
        Assert.Equal(half, new RandomOverSampler { TargetRatio = 0.8 }.SampleIndices(before, 2, seed: 1));
        Assert.NotEqual(half, new RandomOverSampler { TargetRatio = 0.8 }.SampleIndices(before, 2, seed: 2));
    }

    [Fact]
    public void RandomUnderSampler_BalancesWithoutDuplicates()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var before = Classes(data, MLTask.BinaryClassification);
        int minority = before.GroupBy(c => c).Min(g => g.Count());
        var indices = new RandomUnderSampler().SampleIndices(before, 2, seed: 4);
        Assert.Equal(indices.Distinct().Count(), indices.Length);
        var after = Classes(new RandomUnderSampler().Resample(ml, data, seed: 4), MLTask.BinaryClassification);
        Assert.Equal(2 * minority, after.Length);
        Assert.Equal(minority, after.Count(c => c == 0));
        Assert.Contains("TargetRatio", Assert.Throws<ArgumentException>(() => new RandomUnderSampler { TargetRatio = 0 }.SampleIndices(before, 2, 0)).Message);
    }

    [Fact]
    public void Smote_SyntheticRowsLieOnSegmentsToSameClassNeighbours()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var before = Classes(data, MLTask.BinaryClassification);
        var x = Features(data);
        const int k = 3;
        var resampled = new Smote { Neighbors = k }.Resample(ml, data, seed: 11);
        Assert.Equal(["Label", "Features"], resampled.Schema.Select(c => c.Name));
        var after = Classes(resampled, MLTask.BinaryClassification);
        var y = Features(resampled);
        int majority = before.Count(c => c == 0);
        Assert.Equal(majority, after.Count(c => c == 1));
        Assert.Equal(x, y[..x.Length]); // originals first, unchanged

        var positives = Enumerable.Range(0, x.Length).Where(i => before[i] == 1).ToArray();
        double Dist(float[] a, float[] b) => a.Zip(b, (p, q) => (double)(p - q) * (p - q)).Sum();
        var neighbours = positives.ToDictionary(i => i, i => positives.Where(j => j != i).OrderBy(j => Dist(x[i], x[j])).Take(k).ToArray());
        for (int s = x.Length; s < y.Length; s++)
        {
            Assert.Equal(1, after[s]);
            bool onSegment = positives.Any(a => neighbours[a].Any(b => OnSegment(y[s], x[a], x[b])));
            Assert.True(onSegment, $"synthetic row {s} is on no segment between a minority row and one of its {k} nearest neighbours");
        }
    }

    private static bool OnSegment(float[] s, float[] a, float[] b)
    {
        double dot = 0, len = 0;
        for (int d = 0; d < a.Length; d++) { dot += (s[d] - a[d]) * (double)(b[d] - a[d]); len += (b[d] - a[d]) * (double)(b[d] - a[d]); }
        if (len == 0) return a.Zip(s, (p, q) => Math.Abs(p - q)).Max() < 1e-3;
        double u = dot / len;
        if (u < -1e-6 || u > 1 + 1e-6) return false;
        for (int d = 0; d < a.Length; d++)
            if (Math.Abs(a[d] + u * (b[d] - a[d]) - s[d]) > 1e-3 * (1 + Math.Abs(s[d]))) return false;
        return true;
    }

    [Fact]
    public void Smote_KeyLabel_KeepsKeyValuesAndTrainsInPipeline()
    {
        var ml = new MLContext(seed: 1);
        var iris = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        // Make class 2 rare: keep only 8 of its rows.
        var classes = Classes(iris, MLTask.MulticlassClassification);
        int seen = 0;
        var keep = Enumerable.Range(0, classes.Length).Where(i => classes[i] != 2 || seen++ < 8).ToArray();
        var rare = Pipelines.Splits.DataViewRows.Select(ml, iris, keep);
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(new ResamplingEstimator(ml, ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(), new Smote(), seed: 5));
        var model = pipeline.Fit(rare);
        var scored = model.Transform(iris);
        Assert.Equal(classes.Length, scored.GetColumn<uint>("PredictedLabel").Count());

        var smoted = new Smote().Resample(ml, rare, seed: 1);
        var values = default(VBuffer<ReadOnlyMemory<char>>);
        smoted.Schema["Label"].GetKeyValues(ref values);
        Assert.Equal(PreparedLabel.FromData(iris).ClassNames, values.DenseValues().Select(v => v.ToString()));
        Assert.Equal(3 * 40, smoted.GetRowCount() ?? smoted.GetColumn<uint>("Label").Count());
    }

    [Fact]
    public void CrossValidator_Resampler_SeesOnlyTrainingRowsOfEachFold()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var spy = new SpyResampler(new RandomOverSampler());
        var result = CrossValidator.Run(ml, data, ml.Transforms.NormalizeMinMax("Features").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
            MLTask.BinaryClassification, new CrossValidationOptions { Folds = 3, Resampler = spy, Seed = 2 });
        var all = Features(data).Select(f => string.Join(",", f)).ToArray();
        Assert.Equal(3, spy.Seen.Count);
        for (int f = 0; f < 3; f++)
        {
            var testKeys = result.Folds[f].TestIndices.Select(i => all[i]).ToHashSet();
            var seen = spy.Seen.Single(s => s.Count(testKeys.Contains) == 0 && s.Length == result.Folds[f].TrainIndices.Length);
            Assert.Equal(result.Folds[f].TrainIndices.Select(i => all[i]).Order(), seen.Order());
            var trainClasses = result.Folds[f].TrainIndices.Select(i => (int)result.Truth[i]).ToArray();
            Assert.Equal(2 * trainClasses.GroupBy(c => c).Max(g => g.Count()), result.FoldResults[f].TrainRows);
            Assert.Equal(result.Folds[f].TestIndices.Length, result.FoldResults[f].TestRows);
        }
        Assert.Equal(3, spy.Seeds.Distinct().Count());
        Assert.All(result.TestFoldOfRow, f => Assert.True(f >= 0));
    }

    private sealed class SpyResampler(IResampler inner) : IResampler
    {
        public List<string[]> Seen { get; } = [];

        public List<int> Seeds { get; } = [];

        public IDataView Resample(MLContext mlContext, IDataView trainingData, int seed, CancellationToken cancellationToken = default)
        {
            lock (Seen)
            {
                Seen.Add(Features(trainingData).Select(f => string.Join(",", f)).ToArray());
                Seeds.Add(seed);
            }
            return inner.Resample(mlContext, trainingData, seed, cancellationToken);
        }
    }
}
