using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>The elastic net (coordinate descent over a penalty path) against scikit-learn's Lasso / ElasticNet / ElasticNetCV.</summary>
public sealed class ElasticNetTests
{
    private sealed class Row
    {
        public float Label { get; set; }

        [VectorType(6)]
        public float[] Features { get; set; } = [];
    }

    private sealed class SparseRow
    {
        public float Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }

    /// <summary>
    /// y = 3 x0 - 2 x1 + x2 + noise over six features, of which the last three are pure noise and x5 is zero in four
    /// rows of five (sparse).
    /// </summary>
    private static List<Row> Synthetic(int rows, int seed, double noise = 0.5)
    {
        var rng = new Random(seed);
        double N() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return Enumerable.Range(0, rows).Select(i =>
        {
            var x = Enumerable.Range(0, 6).Select(_ => (float)N()).ToArray();
            if (i % 5 != 0) x[5] = 0;
            return new Row { Features = x, Label = (float)(3 * x[0] - 2 * x[1] + x[2] + noise * N() + 10) };
        }).ToList();
    }

    /// <summary>The rows as a view of sparse feature vectors (zeros left out).</summary>
    private static IDataView Sparse(MLContext ml, List<Row> rows)
    {
        var sparse = rows.Select(r =>
        {
            var nz = Enumerable.Range(0, 6).Where(j => r.Features[j] != 0).ToArray();
            return new SparseRow { Label = r.Label, Features = new VBuffer<float>(6, nz.Length, nz.Select(j => r.Features[j]).ToArray(), nz) };
        }).ToList();
        var schema = SchemaDefinition.Create(typeof(SparseRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, 6);
        return ml.Data.LoadFromEnumerable(sparse, schema);
    }

    [Theory]
    // scikit-learn 1.2.1 on the shipped diabetes split: Lasso(alpha=1) / ElasticNet(alpha=0.5, l1_ratio=0.5) on
    // StandardScaler features (tol 1e-10), weights mapped back to the original units; "s2" is dropped by the lasso.
    [InlineData(1.0, 1.0, new[] { 0.053974, -18.627806, 5.986314, 1.113786, -0.237669, 0.0, -0.705849, 2.659791, 43.20733, 0.179945 }, -234.837946, new[] { 144.555, 178.8039, 146.7284 })]
    [InlineData(0.5, 0.5, new[] { 0.145982, -16.260548, 5.015425, 0.998113, -0.081589, -0.129658, -0.716152, 4.882295, 31.997517, 0.380935 }, -195.437977, new[] { 147.4597, 174.0429, 146.6501 })]
    public void FixedAlpha_Diabetes_MatchesScikitLearn(double alpha, double l1Ratio, double[] weights, double bias, double[] predictions)
    {
        var set = Fitted.Data("diabetes");
        var model = Fitted.Context.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { Alpha = alpha, L1Ratio = l1Ratio, Tolerance = 1e-9, StandardizeLabel = false }).Fit(set.Train);
        for (int j = 0; j < weights.Length; j++) Assert.Equal(weights[j], model.Weights[j], Math.Abs(weights[j]) * 1e-3 + 1e-4);
        Assert.Equal(bias, model.Bias, 0.05);
        Assert.Equal(weights.Count(w => w != 0), model.NonZeroWeights);
        Assert.Empty(model.AlphaPath);
        var scores = model.Transform(set.Test).GetColumn<float>("Score").Take(3).ToArray();
        for (int i = 0; i < 3; i++) Assert.Equal(predictions[i], scores[i], 0.01);
    }

    [Fact]
    public void CrossValidatedPath_KeepsTheInformativeFeatures_AndPredictsBetterThanAWeakPenalty()
    {
        var ml = new MLContext(0);
        var train = ml.Data.LoadFromEnumerable(Synthetic(60, 1, noise: 1.0));
        var test = ml.Data.LoadFromEnumerable(Synthetic(500, 2, noise: 1.0));
        var cv = ml.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { L1Ratio = 1 }).Fit(train);
        Assert.Equal(100, cv.AlphaPath.Count);
        Assert.Equal(100, cv.CrossValidatedMse.Count);
        Assert.True(cv.AlphaPath.Zip(cv.AlphaPath.Skip(1)).All(p => p.First > p.Second), "the path runs from the largest penalty down");
        // The chosen penalty is the held-out best, and it is neither end of the path.
        int best = Enumerable.Range(0, 100).MinBy(k => cv.CrossValidatedMse[k]);
        Assert.Equal(cv.AlphaPath[best], cv.Alpha);
        Assert.InRange(best, 1, 98);
        Assert.Equal(3, cv.Weights[0], 0.5);
        Assert.Equal(-2, cv.Weights[1], 0.5);
        Assert.Equal(1, cv.Weights[2], 0.5);
        Assert.Equal(10, cv.Bias, 0.5);

        var weak = ml.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { L1Ratio = 1, Alpha = cv.AlphaPath[^1] }).Fit(train);
        double Mse(ITransformer m) => ml.Regression.Evaluate(m.Transform(test)).MeanSquaredError;
        Assert.True(Mse(cv) < Mse(weak), $"cross-validated penalty {Mse(cv):F4} vs the path's smallest {Mse(weak):F4}");
        // The penalty shrinks the noise features' weights towards 0, harder than the path's weakest penalty does.
        double Noise(ElasticNetTransformer m) => Math.Abs(m.Weights[3]) + Math.Abs(m.Weights[4]) + Math.Abs(m.Weights[5]);
        Assert.True(Noise(cv) < Noise(weak), $"noise weights {Noise(cv):F4} vs {Noise(weak):F4}");
        Assert.All(new[] { 3, 4, 5 }, j => Assert.True(Math.Abs(cv.Weights[j]) < 0.5, string.Join(" ", cv.Weights) + " | " + string.Join(" ", weak.Weights)));
    }

    [Fact]
    public void StandardizedLabel_TheFitDoesNotDependOnTheLabelsScale_WhereScikitLearnsConventionDoes()
    {
        // The same rows with the label in units and in billions (about the hugereg synthetic table's scale).
        var ml = new MLContext(0);
        var rows = Synthetic(80, 8);
        var big = rows.Select(r => new Row { Features = r.Features, Label = r.Label * 1e9f }).ToList();
        ElasticNetTransformer Fit(List<Row> data, bool standardize) =>
            ml.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { L1Ratio = 0.5, StandardizeLabel = standardize }).Fit(ml.Data.LoadFromEnumerable(data));
        var small = Fit(rows, true);
        var large = Fit(big, true);
        Assert.Equal(small.Alpha, large.Alpha, 9);
        for (int j = 0; j < 6; j++) Assert.Equal(small.Weights[j] * 1e9, large.Weights[j], Math.Abs(small.Weights[j]) * 1e9 * 1e-3 + 1e3);
        // On the raw scale the L2 part's shrinkage 1 / (1 + alpha / 2) uses an alpha in label units: in billions,
        // every weight of the path is shrunk almost to 0.
        var raw = Fit(big, false);
        Assert.True(Math.Abs(raw.Weights[0]) < 0.01 * Math.Abs(large.Weights[0]), $"raw {raw.Weights[0]} vs standardised {large.Weights[0]}");
    }

    [Fact]
    public void LargePenalty_ZeroesEveryWeight_AndPredictsTheMean()
    {
        var ml = new MLContext(0);
        var rows = Synthetic(40, 3);
        var model = ml.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { Alpha = 1e6 }).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(0, model.NonZeroWeights);
        Assert.Equal(rows.Average(r => r.Label), model.Bias, 3);
    }

    [Fact]
    public void SparseInput_FitsTheSameModelAsDense_AndTheSeedFixesTheFolds()
    {
        var ml = new MLContext(0);
        var rows = Synthetic(80, 4);
        var options = new ElasticNetOptions { L1Ratio = 0.7, Seed = 5 };
        var dense = ml.DeepRoad().Ensembles.ElasticNet(options).Fit(ml.Data.LoadFromEnumerable(rows));
        var fromSparse = ml.DeepRoad().Ensembles.ElasticNet(options).Fit(Sparse(ml, rows));
        Assert.Equal(dense.Alpha, fromSparse.Alpha);
        for (int j = 0; j < 6; j++) Assert.Equal(dense.Weights[j], fromSparse.Weights[j], 4);

        var again = ml.DeepRoad().Ensembles.ElasticNet(options).Fit(ml.Data.LoadFromEnumerable(rows));
        Assert.Equal(dense.Weights, again.Weights);
        Assert.Equal(dense.CrossValidatedMse, again.CrossValidatedMse);
    }

    [Fact]
    public void Precompute_TheGramMatrixAndTheRowsSolveTheSameModel()
    {
        // Automatic on tall tables (diabetes: 353 rows, 10 columns): the Gram matrix. It must find what the row-wise
        // updates find: the same weights at a fixed penalty, the same cross-validated errors along the path, dense or sparse.
        var set = Fitted.Data("diabetes");
        ElasticNetTransformer Fit(IDataView data, bool? precompute, double? alpha = null, double l1 = 0.7) => Fitted.Context.DeepRoad().Ensembles.ElasticNet(
            new ElasticNetOptions { Alpha = alpha, L1Ratio = l1, Tolerance = 1e-9, Precompute = precompute, Seed = 2 }).Fit(data);
        var gram = Fit(set.Train, true, alpha: 0.01);
        var rows = Fit(set.Train, false, alpha: 0.01);
        Assert.Equal(rows.NonZeroWeights, gram.NonZeroWeights);
        for (int j = 0; j < rows.Weights.Count; j++) Assert.Equal(rows.Weights[j], gram.Weights[j], Math.Abs(rows.Weights[j]) * 1e-4 + 1e-6);
        Assert.Equal(rows.Bias, gram.Bias, Math.Abs(rows.Bias) * 1e-5);

        var cvGram = Fit(set.Train, null);
        var cvRows = Fit(set.Train, false);
        Assert.Equal(cvRows.Alpha, cvGram.Alpha);
        for (int k = 0; k < cvRows.CrossValidatedMse.Count; k++) Assert.Equal(cvRows.CrossValidatedMse[k], cvGram.CrossValidatedMse[k], cvRows.CrossValidatedMse[k] * 1e-4);

        // Sparse columns (x5 is zero in four rows of five) go through the sparse-sparse and sparse-dense dot products.
        var ml = new MLContext(0);
        var view = Sparse(ml, Synthetic(300, 9));
        var sg = Fit(view, true, alpha: 0.05, l1: 1);
        var sr = Fit(view, false, alpha: 0.05, l1: 1);
        for (int j = 0; j < 6; j++) Assert.Equal(sr.Weights[j], sg.Weights[j], Math.Abs(sr.Weights[j]) * 1e-4 + 1e-6);
    }

    [Fact]
    public void SaveLoad_RoundTrips_AndPredictionEngineMatchesTransform()
    {
        var ml = new MLContext(0);
        var data = ml.Data.LoadFromEnumerable(Synthetic(50, 6));
        var model = ml.DeepRoad().Ensembles.ElasticNet().Fit(data);
        using var buffer = new MemoryStream();
        TransformerArchive.Save(ml, model, data.Schema, buffer);
        buffer.Position = 0;
        var loaded = Assert.IsType<ElasticNetTransformer>(TransformerArchive.Load(new MLContext(1), buffer, out _));
        Assert.Equal(model.Weights, loaded.Weights);
        Assert.Equal(model.Alpha, loaded.Alpha);
        Assert.Equal(model.CrossValidatedMse, loaded.CrossValidatedMse);
        var scores = loaded.Transform(data).GetColumn<float>("Score").ToArray();
        Assert.Equal(model.Transform(data).GetColumn<float>("Score").ToArray(), scores);
        var engine = ml.Model.CreatePredictionEngine<Row, RegressionScore>(loaded);
        Assert.Equal(scores[3], engine.Predict(Synthetic(50, 6)[3]).Score, 5);
    }

    private sealed class RegressionScore
    {
        public float Score { get; set; }
    }

    [Fact]
    public void BadInput_NamesTheProblem()
    {
        var ml = new MLContext(0);
        var rows = Synthetic(20, 7);
        rows[4].Features[2] = float.NaN;
        var ex = Assert.Throws<DeepRoadDataException>(() => ml.DeepRoad().Ensembles.ElasticNet().Fit(ml.Data.LoadFromEnumerable(rows)));
        Assert.Contains("slot 2", ex.Message);
        Assert.Contains("row 5", ex.Message);
        Assert.Contains("'Features'", ex.Message);

        var binary = ml.Data.LoadFromEnumerable(new[] { new { Label = true, Features = new float[] { 1 } } }.Select(r => new BoolRow { Label = r.Label, Features = r.Features }));
        var label = Assert.Throws<ArgumentException>(() => ml.DeepRoad().Ensembles.ElasticNet().Fit(binary));
        Assert.Contains("regression", label.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ml.DeepRoad().Ensembles.ElasticNet(l1Ratio: 0));
    }

    [Fact]
    public void AsEnsembleMember_StacksWithTrees_SavesAndLoads_AndIsRefusedOnClassesAndInAdaBoost()
    {
        var set = Fitted.Data("diabetes");
        var model = new MLContext(3).DeepRoad().Ensembles.Stacking(new StackingOptions
        {
            Members = EnsembleMembers.Parse("elasticnet,lightgbm", set.Task), Folds = 3, Seed = 3,
        }).Fit(set.Train);
        double rmse = Fitted.Score(set, model.PredictMatrix(set.Test));
        // scikit-learn's ElasticNetCV alone scores 53.4 on this split; the mean alone about 75.
        Assert.InRange(rmse, 45, 60);
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = EnsembleModel.Load(new MLContext(9), buffer);
        Assert.Equal(model.PredictMatrix(set.Test).Values, loaded.PredictMatrix(set.Test).Values);

        Assert.Contains("regression only", Assert.Throws<ArgumentException>(() => EnsembleMembers.Parse("elasticnet", MLTask.BinaryClassification)).Message);
        Assert.Contains("AdaBoost", Assert.Throws<ArgumentException>(() => EnsembleMembers.Create(MemberTrainer.ElasticNet, MLTask.Regression, exampleWeightColumnName: "Weight")).Message);
    }

    private sealed class BoolRow
    {
        public bool Label { get; set; }

        [VectorType(1)]
        public float[] Features { get; set; } = [];
    }
}
