using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// k nearest neighbours against scikit-learn 1.2.1's KNeighborsClassifier / KNeighborsRegressor (algorithm='brute') on
/// the shipped splits, raw float32 features; and against a brute-force reference over every slot where features are
/// held once.
/// </summary>
public sealed class KNearestNeighborsTests
{
    private static EnsembleCatalog Catalog => Fitted.Context.DeepRoad().Ensembles;

    private static KNearestNeighborsOptions Options(int k, NeighborWeighting w, NeighborDistance d) =>
        new() { NumberOfNeighbors = k, Weighting = w, Distance = d };

    [Theory]
    [InlineData(5, NeighborWeighting.Uniform, NeighborDistance.Euclidean, 0.8055556, new[] { 0, 0.8, 0.2 })]
    [InlineData(7, NeighborWeighting.Distance, NeighborDistance.Euclidean, 0.75, new[] { 0, 0.70213623, 0.29786377 })]
    [InlineData(4, NeighborWeighting.Distance, NeighborDistance.Manhattan, 0.8611111, new[] { 0, 0.76411919, 0.23588081 })]
    public void Wine_MatchesScikitLearn(int k, NeighborWeighting w, NeighborDistance d, double accuracy, double[] row3)
    {
        var set = Fitted.Data("wine");
        var model = Catalog.KNearestNeighbors(Options(k, w, d)).Fit(set.Train);
        var scored = model.Transform(set.Test);
        Assert.Equal(accuracy, Fitted.Score(set, PredictionExtractor.Extract(scored, set.Task, 3)), 5);
        var p = scored.GetColumn<VBuffer<float>>("Score").ElementAt(3).DenseValues().ToArray();
        for (int c = 0; c < 3; c++) Assert.Equal(row3[c], p[c], 5);
        Assert.Equal(p, model.Predict(TestData.FeatureRows(set.Test, 4)[3]));
        VBuffer<ReadOnlyMemory<char>> names = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref names);
        Assert.Equal(["class_0", "class_1", "class_2"], names.DenseValues().Select(n => n.ToString()).ToArray());
    }

    [Theory]
    [InlineData(5, NeighborWeighting.Uniform, NeighborDistance.Euclidean, 0.954696, new[] { 0, 1, 0.6, 0, 0 })]
    [InlineData(10, NeighborWeighting.Distance, NeighborDistance.Manhattan, 0.981316, new[] { 0, 1, 0.32247623, 0.09870258, 0 })]
    public void BreastCancer_BinaryOutputsMatchScikitLearn_AndSaveLoad(int k, NeighborWeighting w, NeighborDistance d, double auc, double[] first)
    {
        var set = Fitted.Data("breast_cancer");
        var model = Catalog.KNearestNeighbors(Options(k, w, d)).Fit(set.Train);
        var scored = model.Transform(set.Test);
        Assert.Equal(auc, Fitted.Score(set, PredictionExtractor.Extract(scored, set.Task, 2)), 5);
        var probability = scored.GetColumn<float>("Probability").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], probability[i], 5);
        for (int i = 0; i < probability.Length; i++)
        {
            Assert.True(float.IsFinite(score[i]));
            Assert.Equal(probability[i] > 0.5f, predicted[i]);
            Assert.Equal(score[i] > 0, predicted[i]);
        }

        using var buffer = new MemoryStream();
        TransformerArchive.Save(Fitted.Context, model, set.Train.Schema, buffer);
        buffer.Position = 0;
        var loaded = Assert.IsType<KNearestNeighborsTransformer>(TransformerArchive.Load(new MLContext(2), buffer, out _));
        Assert.Equal((k, w, d, model.TrainingRowCount), (loaded.NumberOfNeighbors, loaded.Weighting, loaded.Distance, loaded.TrainingRowCount));
        Assert.Equal(probability, loaded.Transform(set.Test).GetColumn<float>("Probability").ToArray());
    }

    [Theory]
    [InlineData(5, NeighborWeighting.Uniform, NeighborDistance.Euclidean, 66.889522, new[] { 163.4, 153.4, 129.4 })]
    [InlineData(9, NeighborWeighting.Distance, NeighborDistance.Euclidean, 60.933747, new[] { 160.242574, 156.285518, 129.197711 })]
    [InlineData(9, NeighborWeighting.Distance, NeighborDistance.Manhattan, 61.536995, new[] { 161.022516, 166.749125, 133.729733 })]
    public void Diabetes_RegressionMatchesScikitLearn(int k, NeighborWeighting w, NeighborDistance d, double rmse, double[] first)
    {
        var set = Fitted.Data("diabetes");
        var model = Catalog.KNearestNeighbors(Options(k, w, d)).Fit(set.Train);
        var scored = model.Transform(set.Test);
        Assert.Equal(rmse, Fitted.Score(set, PredictionExtractor.Extract(scored, set.Task, 1)), 3);
        var values = scored.GetColumn<float>("Score").ToArray();
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i], values[i], 3);
    }

    [Fact]
    public void FindNeighbors_MatchesScikitLearnsKneighbors()
    {
        var set = Fitted.Data("diabetes");
        var row = TestData.FeatureRows(set.Test, 1)[0];
        var euclid = Catalog.KNearestNeighbors(Options(5, NeighborWeighting.Uniform, NeighborDistance.Euclidean)).Fit(set.Train);
        var (rows, distances) = euclid.FindNeighbors(row);
        Assert.Equal([113, 108, 52, 140, 219], rows);
        double[] expected = [19.97221, 21.65785, 21.81535, 28.96646, 32.50932];
        for (int i = 0; i < 5; i++) Assert.Equal(expected[i], distances[i], 3);
        var manhattan = Catalog.KNearestNeighbors(Options(3, NeighborWeighting.Uniform, NeighborDistance.Manhattan)).Fit(set.Train);
        Assert.Equal([113, 52, 108], manhattan.FindNeighbors(row).Rows);
        Assert.Equal(44.67031, manhattan.FindNeighbors(row).Distances[0], 3);
    }

    private sealed class Row
    {
        [VectorType(4)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    /// <summary>Distance-weighted regression over every slot, in double: what holding constant slots once must equal.</summary>
    private static double Reference(IReadOnlyList<Row> train, float[] x, int k, NeighborDistance distance)
    {
        var near = train.Select(r => (r.Label, D: distance == NeighborDistance.Euclidean
                ? Math.Sqrt(r.Features.Zip(x, (a, b) => (double)(a - b) * (a - b)).Sum())
                : r.Features.Zip(x, (a, b) => Math.Abs((double)a - b)).Sum()))
            .OrderBy(t => t.D).Take(k).ToList();
        return near.Sum(t => t.Label / t.D) / near.Sum(t => 1 / t.D);
    }

    [Theory]
    [InlineData(NeighborDistance.Euclidean)]
    [InlineData(NeighborDistance.Manhattan)]
    public void ConstantSlots_AreHeldOnce_AndStillCountInEveryDistance(NeighborDistance distance)
    {
        // Slot 1 is 3 in every training row and slot 3 is 0 (a one-hot slot no training row sets); queries differ there.
        var rng = new Random(5);
        var train = Enumerable.Range(0, 60).Select(_ => new Row
        {
            Features = [(float)rng.NextDouble(), 3f, (float)rng.NextDouble() * 4, 0f],
            Label = (float)rng.NextDouble() * 10,
        }).ToList();
        var model = Catalog.KNearestNeighbors(Options(6, NeighborWeighting.Distance, distance)).Fit(Fitted.Context.Data.LoadFromEnumerable(train));
        Assert.Equal(2, model.HeldFeatureCount);
        for (int q = 0; q < 10; q++)
        {
            float[] x = [(float)rng.NextDouble(), (float)rng.NextDouble() * 6, (float)rng.NextDouble() * 4, q % 2];
            Assert.Equal(Reference(train, x, 6, distance), model.Predict(x)[0], 4);
        }
    }

    [Fact]
    public void DistanceWeighting_AnExactMatchVotesAlone_AndKIsCappedAtTheRows()
    {
        var set = Fitted.Data("wine");
        var trainRow = TestData.FeatureRows(set.Train, 1)[0];
        var labels = TestData.Labels(set.Train);
        var weighted = Catalog.KNearestNeighbors(Options(7, NeighborWeighting.Distance, NeighborDistance.Euclidean)).Fit(set.Train);
        var p = weighted.Predict(trainRow);
        Assert.Equal(1f, p[(int)labels[0]]);

        // More neighbours than rows: every row votes, so a uniform vote is the class shares.
        var all = Catalog.KNearestNeighbors(Options(10_000, NeighborWeighting.Uniform, NeighborDistance.Euclidean)).Fit(set.Train);
        Assert.Equal(labels.Length, all.NumberOfNeighbors);
        var shares = all.Predict(trainRow);
        for (int c = 0; c < 3; c++) Assert.Equal(labels.Count(l => l == c) / (double)labels.Length, shares[c], 5);
    }

    [Fact]
    public void MissingValues_AnErrorAtFit_TheTrainingMeanAtScoring()
    {
        var rows = Enumerable.Range(0, 20).Select(i => new Row { Features = [i, i % 3, 2 * i, 1], Label = i }).ToList();
        rows[6].Features[2] = float.NaN;
        var ex = Assert.Throws<DeepRoadDataException>(() => Catalog.KNearestNeighbors().Fit(Fitted.Context.Data.LoadFromEnumerable(rows)));
        Assert.Contains("'Features' slot 2", ex.Message);
        Assert.Contains("labelled row 7", ex.Message);

        rows[6].Features[2] = 12;
        var model = Catalog.KNearestNeighbors(Options(3, NeighborWeighting.Distance, NeighborDistance.Euclidean)).Fit(Fitted.Context.Data.LoadFromEnumerable(rows));
        float mean = rows.Average(r => r.Features[2]);
        Assert.Equal(model.Predict([4.5f, 1, mean, 1])[0], model.Predict([4.5f, 1, float.NaN, 1])[0]);
    }

    [Fact]
    public void BadOptions_NameTheOption()
    {
        Assert.Contains("NumberOfNeighbors", Assert.Throws<ArgumentOutOfRangeException>(() => Catalog.KNearestNeighbors(numberOfNeighbors: 0)).Message);
        Assert.Contains("Weighting", Assert.Throws<ArgumentOutOfRangeException>(() => Catalog.KNearestNeighbors(new KNearestNeighborsOptions { Weighting = (NeighborWeighting)9 })).Message);
        var set = Fitted.Data("wine");
        Assert.Contains("Feature column 'X' not found",
            Assert.Throws<ArgumentException>(() => Catalog.KNearestNeighbors(new KNearestNeighborsOptions { FeatureColumnName = "X" }).Fit(set.Train)).Message);
        var shape = Catalog.KNearestNeighbors().GetOutputSchema(SchemaShapes.Create(set.Train.Schema));
        Assert.Contains(shape, c => c.Name == "PredictedLabel");
    }

    [Fact]
    public void AsEnsembleMember_BagsAndSelects_SavesAndLoads_AndIsRefusedInAdaBoost()
    {
        var set = Fitted.Data("breast_cancer");
        var bag = new MLContext(3).DeepRoad().Ensembles.Bagging(new BaggingOptions
        {
            Member = EnsembleMembers.Parse("knn", set.Task)[0], NumberOfMembers = 4, MaxFeatures = 0.7, Seed = 3,
        }).Fit(set.Train);
        // Standardised features: scikit-learn's KNeighborsClassifier(5) scores a test ROC-AUC of 0.99 on this split.
        Assert.InRange(Fitted.Score(set, bag.PredictMatrix(set.Test)), 0.97, 1.0);
        var selection = new MLContext(3).DeepRoad().Ensembles.Selection(new SelectionOptions
        {
            Members = EnsembleMembers.Parse("KNearestNeighbors,lbfgs", set.Task), Folds = 3, Iterations = 5, Seed = 3,
        }).Fit(set.Train);
        using var buffer = new MemoryStream();
        selection.Save(buffer);
        buffer.Position = 0;
        Assert.Equal(selection.PredictMatrix(set.Test).Values, EnsembleModel.Load(new MLContext(9), buffer).PredictMatrix(set.Test).Values);
        Assert.Contains("AdaBoost", Assert.Throws<ArgumentException>(() => EnsembleMembers.Create(MemberTrainer.KNearestNeighbors, set.Task, exampleWeightColumnName: "Weight")).Message);
        Assert.Contains("(or knn)", Assert.Throws<ArgumentException>(() => EnsembleMembers.Parse("knm", set.Task)).Message);
    }
}
