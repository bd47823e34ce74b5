using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Random forest: quality against scikit-learn's RandomForest, exact best splits, bootstrap, persistence, seeds, bad options.</summary>
public sealed class RandomForestTests
{
    private static RandomForestTransformer Fit(string dataset, RandomForestOptions? options = null) =>
        Fitted.Context.DeepRoad().Ensembles.RandomForest(options ?? new RandomForestOptions { Seed = 3 }).Fit(Fitted.Data(dataset).Train);

    [Theory]
    // scikit-learn 1.2.1, RandomForest{Classifier,Regressor}(100) with default options, random_state 0..9 on the same
    // shipped splits: diabetes RMSE 54.06 / 55.12 / 56.33 (min / mean / max), breast_cancer AUC 0.9927 / 0.9946 /
    // 0.9967, wine accuracy 1.0 for every seed. The bounds allow the spread of seeds plus a little (one wine row).
    [InlineData("diabetes", 57.0)]
    [InlineData("breast_cancer", 0.991)]
    [InlineData("wine", 0.97)]
    public void Fit_DefaultOptions_MatchesScikitLearnRandomForest(string dataset, double bound)
    {
        double score = Fitted.TestScore(dataset, Fit(dataset));
        if (Fitted.Data(dataset).Task == MLTask.Regression) Assert.InRange(score, 40, bound);
        else Assert.InRange(score, bound, 1.0);
    }

    private sealed class Row
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Value { get; set; }
    }

    /// <summary>x = 0..99 and a noise column; the label is x above 37, the value 10 above 49 (else 0).</summary>
    private static IDataView Steps(bool missingAbove = false) => Fitted.Context.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new Row
    {
        Features = [missingAbove && i > 37 ? float.NaN : i, (i * 7919) % 13],
        Label = i > 37,
        Value = i > 49 ? 10 : 0,
    }));

    private static float[] Predict(ForestTransformer model, params float[][] rows) => rows.Select(r => model.Predict(r)[0]).ToArray();

    [Fact]
    public void Fit_OneStump_FindsTheExactBestThreshold_ForClassesValuesAndMissingValues()
    {
        var c = Fitted.Context.DeepRoad().Ensembles;
        var stump = new RandomForestOptions { NumberOfTrees = 1, MaximumDepth = 1, FeatureFraction = 1, Bootstrap = false };
        // The only split that separates the classes is between 37 and 38: the threshold is their midpoint.
        var classes = c.RandomForest(stump).Fit(Steps());
        Assert.Equal(3, classes.NodeCount);
        Assert.Equal([0f, 0f, 1f, 1f], Predict(classes, [0, 5], [37, 5], [37.6f, 5], [99, 5]));
        // Values: the best squared-error split is between 49 and 50, with each side's mean in its leaf.
        var values = c.RandomForest(stump with { LabelColumnName = "Value" }).Fit(Steps());
        Assert.Equal([0f, 0f, 10f], Predict(values, [3, 1], [49.4f, 1], [50, 1]));
        // Missing values: the positive rows have no x, and the split that sends the missing rows right is the one that
        // separates the classes (a random threshold between the present values cannot).
        var missing = c.RandomForest(stump).Fit(Steps(missingAbove: true));
        Assert.Equal([0f, 0f, 1f], Predict(missing, [0, 5], [37, 5], [float.NaN, 5]));
    }

    [Fact]
    public void Fit_WithoutBootstrap_ATreeSeesEveryRow_WithBootstrap_AboutAThirdAreLeftOut()
    {
        var set = Fitted.Data("diabetes");
        var truth = TestData.Labels(set.Train);
        var all = new RandomForestOptions { NumberOfTrees = 1, Bootstrap = false, Seed = 2 };
        // A fully grown tree on every row reproduces the training values.
        var fitted = Scores(Fit("diabetes", all).Transform(set.Train));
        Assert.Equal(truth, fitted, (a, b) => Math.Abs(a - b) < 1e-3 * Math.Max(1, Math.Abs(a)));
        // A bootstrap sample leaves out about 1/e of the rows (36.8 %), which the tree then misses.
        var bagged = Scores(Fit("diabetes", all with { Bootstrap = true }).Transform(set.Train));
        double missed = truth.Zip(bagged).Count(p => Math.Abs(p.First - p.Second) > 1e-3 * Math.Max(1, Math.Abs(p.First))) / (double)truth.Length;
        Assert.InRange(missed, 0.25, 0.45);
    }

    [Fact]
    public void Fit_SameSeed_SameForestWhateverTheThreads_OtherSeed_OtherForest()
    {
        var set = Fitted.Data("breast_cancer");
        var one = Scores(Fit("breast_cancer", new RandomForestOptions { Seed = 5, NumberOfThreads = 1 }).Transform(set.Test), "Probability");
        var two = Scores(Fit("breast_cancer", new RandomForestOptions { Seed = 5, NumberOfThreads = 2 }).Transform(set.Test), "Probability");
        var other = Scores(Fit("breast_cancer", new RandomForestOptions { Seed = 6, NumberOfThreads = 2 }).Transform(set.Test), "Probability");
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
    }

    [Theory]
    [InlineData("breast_cancer")]
    [InlineData("wine")]
    public void SaveLoad_GivesIdenticalPredictions_AndTheLoadedTypeIsTheRandomForest(string dataset)
    {
        var set = Fitted.Data(dataset);
        var model = Fit(dataset, new RandomForestOptions { NumberOfTrees = 20, Seed = 1 });
        string column = set.Task == MLTask.BinaryClassification ? "Probability" : "Score";
        using var buffer = new MemoryStream();
        TransformerArchive.Save(Fitted.Context, model, set.Train.Schema, buffer);
        buffer.Position = 0;
        var loaded = Assert.IsType<RandomForestTransformer>(TransformerArchive.Load(new MLContext(9), buffer, out _));
        Assert.Equal(Scores(model.Transform(set.Test), column), Scores(loaded.Transform(set.Test), column));
        if (set.Task == MLTask.MulticlassClassification)
            foreach (var v in loaded.Transform(set.Test).GetColumn<VBuffer<float>>("Score"))
                Assert.Equal(1.0, v.DenseValues().Sum(), 4);
        // An extra-trees file is not a random forest.
        using var other = new MemoryStream();
        Fitted.Context.DeepRoad().Ensembles.ExtraTrees(numberOfTrees: 2).Fit(set.Train).Save(other);
        other.Position = 0;
        Assert.Contains("Not a DeepRoad random-forest model", Assert.Throws<InvalidDataException>(() => RandomForestTransformer.Load(Fitted.Context, other)).Message);
    }

    [Fact]
    public void BadOptionsAndColumns_NameTheOptionOrColumn()
    {
        var c = Fitted.Context.DeepRoad().Ensembles;
        Assert.Contains("RandomForestOptions.NumberOfTrees", Assert.Throws<ArgumentOutOfRangeException>(() => c.RandomForest(numberOfTrees: 0)).Message);
        Assert.Contains("RandomForestOptions.FeatureFraction", Assert.Throws<ArgumentOutOfRangeException>(() => c.RandomForest(featureFraction: 0)).Message);
        var set = Fitted.Data("wine");
        Assert.Contains("'Missing' not found", Assert.Throws<ArgumentException>(() => c.RandomForest(featureColumnName: "Missing").Fit(set.Train)).Message);
        var text = Fitted.Context.Transforms.Conversion.MapKeyToValue("Label").Fit(set.Train).Transform(set.Train);
        Assert.Contains("random forests need", Assert.Throws<ArgumentException>(() => c.RandomForest().Fit(text)).Message);
        var model = c.RandomForest(numberOfTrees: 3).Fit(set.Train);
        Assert.Contains("the random forest was fitted on 13", Assert.Throws<ArgumentException>(() => model.Transform(Fitted.Data("diabetes").Test)).Message);
    }

    private static float[] Scores(IDataView scored, string column = "Score") => scored.Schema[column].Type is VectorDataViewType
        ? scored.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()).ToArray()
        : scored.GetColumn<float>(column).ToArray();
}

/// <summary>The random forest's two ways to find a feature's best threshold (sorting the node's rows, or counting them per distinct value) grow the same trees.</summary>
public sealed class RandomForestSplitterTests
{
    [Theory]
    [InlineData("wine")]
    [InlineData("breast_cancer")]
    public void SortedAndHistogramSplits_GrowIdenticalTrees(string dataset)
    {
        var set = Fitted.Data(dataset);
        var features = TestData.FeatureRows(set.Train, int.MaxValue);
        var labels = TestData.Labels(set.Train);
        int d = features[0].Length;
        var columns = Enumerable.Range(0, d).Select(j => features.Select(r => r[j]).ToArray()).ToArray();
        int classes = set.Task == MLTask.BinaryClassification ? 2 : 3;
        var data = new DeepRoad.Ensembles.Forests.RandomizedTree.TrainingData(columns, labels.Length, labels.Select(l => (int)l).ToArray(), classes, null).WithRanks();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var sorted = DeepRoad.Ensembles.Forests.RandomizedTree.Grow(data, new(3, 1, int.MaxValue, BestSplit: true, Bootstrap: true, HistogramLimit: 0), new Random(seed));
            var counted = DeepRoad.Ensembles.Forests.RandomizedTree.Grow(data, new(3, 1, int.MaxValue, BestSplit: true, Bootstrap: true, HistogramLimit: double.PositiveInfinity), new Random(seed));
            Assert.True(sorted.Feature.Length > 5);
            Assert.Equal(sorted.Feature, counted.Feature);
            Assert.Equal(sorted.Threshold, counted.Threshold);
            Assert.Equal(sorted.Values, counted.Values);
        }
    }

    private static DeepRoad.Ensembles.Forests.RandomizedTree.TrainingData Data(string dataset)
    {
        var set = Fitted.Data(dataset);
        var features = TestData.FeatureRows(set.Train, int.MaxValue);
        var labels = TestData.Labels(set.Train);
        var columns = Enumerable.Range(0, features[0].Length).Select(j => features.Select(r => r[j]).ToArray()).ToArray();
        return set.Task == MLTask.Regression
            ? new DeepRoad.Ensembles.Forests.RandomizedTree.TrainingData(columns, labels.Length, null, 0, labels).WithRanks()
            : new DeepRoad.Ensembles.Forests.RandomizedTree.TrainingData(columns, labels.Length, labels.Select(l => (int)l).ToArray(),
                set.Task == MLTask.BinaryClassification ? 2 : 3, null).WithRanks();
    }

    [Theory]
    [InlineData("wine", true, 0.0)]
    [InlineData("wine", true, double.PositiveInfinity)]
    [InlineData("breast_cancer", true, 0.0)]
    [InlineData("breast_cancer", true, double.PositiveInfinity)]
    [InlineData("breast_cancer", false, 2.0)]
    public void WeightedBootstrap_GrowsTheTreesOfTheRepeatedRows(string dataset, bool bestSplit, double histogramLimit)
    {
        // Each drawn row once with its draw count as weight, or once per draw: the same class counts everywhere, so the
        // same splits, thresholds and leaf probabilities, and a leaf size counted in draws either way.
        var data = Data(dataset);
        foreach (int seed in new[] { 1, 2, 3 })
        foreach (int minLeaf in new[] { 1, 5 })
        {
            var growth = new DeepRoad.Ensembles.Forests.RandomizedTree.Growth(3, minLeaf, int.MaxValue, BestSplit: bestSplit, Bootstrap: true, HistogramLimit: histogramLimit);
            var weighted = DeepRoad.Ensembles.Forests.RandomizedTree.Grow(data, growth, new Random(seed));
            var repeated = DeepRoad.Ensembles.Forests.RandomizedTree.Grow(data, growth with { WeightedBootstrap = false }, new Random(seed));
            Assert.True(weighted.Feature.Length > 5);
            Assert.Equal(repeated.Feature, weighted.Feature);
            Assert.Equal(repeated.Threshold, weighted.Threshold);
            Assert.Equal(repeated.Values, weighted.Values);
        }
    }

    [Fact]
    public void WeightedBootstrap_Regression_SameTreesUpToRounding()
    {
        // Target sums are taken per distinct row times its draws instead of per draw: the same sums up to float
        // rounding, so the same trees unless two candidate splits tie to the last bits.
        var data = Data("diabetes");
        foreach (int seed in new[] { 1, 2 })
        {
            var growth = new DeepRoad.Ensembles.Forests.RandomizedTree.Growth(3, 5, int.MaxValue, BestSplit: true, Bootstrap: true);
            var weighted = DeepRoad.Ensembles.Forests.RandomizedTree.Grow(data, growth, new Random(seed));
            var repeated = DeepRoad.Ensembles.Forests.RandomizedTree.Grow(data, growth with { WeightedBootstrap = false }, new Random(seed));
            Assert.Equal(repeated.Feature, weighted.Feature);
            Assert.Equal(repeated.Threshold, weighted.Threshold);
            Assert.Equal(repeated.Values.Length, weighted.Values.Length);
            for (int i = 0; i < weighted.Values.Length; i++) Assert.Equal(repeated.Values[i], weighted.Values[i], 3);
        }
    }
}
