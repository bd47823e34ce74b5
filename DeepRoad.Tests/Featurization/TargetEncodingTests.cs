using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Featurization;

public sealed class TargetEncodingTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class RegressionRow
    {
        public string Shop { get; set; } = "";
        public float Label { get; set; }
    }

    private static readonly LabelInfo Regression = new("Label", MLTask.Regression, false, [], null, "test");

    private IDataView Rows(params (string Shop, float Label)[] rows) =>
        _ml.Data.LoadFromEnumerable(rows.Select(r => new RegressionRow { Shop = r.Shop, Label = r.Label }).ToList());

    [Fact]
    public void Fit_Regression_EncodesTheSmoothedMeanAsItsDifferenceFromThePrior()
    {
        var train = Rows(("a", 1), ("a", 2), ("a", 3), ("b", 10), ("c", 4));
        double prior = (1 + 2 + 3 + 10 + 4) / 5.0, m = 2;
        var model = new TargetEncodingEstimator(_ml, Regression, [new InputOutputColumnPair("enc", "Shop")],
            new TargetEncodingOptions { Smoothing = m, Folds = 1 }).Fit(train);
        // A new view (not the fitted one): the encoding of all training rows; an unseen shop is the prior (0).
        var scored = ViewReader.Singles(model.Transform(Rows(("a", 0), ("b", 0), ("zzz", 0))), "enc");
        Assert.Equal((6 + m * prior) / (3 + m) - prior, scored[0], 5);
        Assert.Equal((10 + m * prior) / (1 + m) - prior, scored[1], 5);
        Assert.Equal(0f, scored[2]);
    }

    [Fact]
    public void Transform_OnTheFittedView_GivesEachRowTheEncodingWithoutItsOwnLabel()
    {
        // Every shop is seen once: out of fold a row's own shop has no other row, so its encoding is the prior (0);
        // the same rows in another view get the in-sample encoding, which carries the row's label.
        var rows = Enumerable.Range(0, 40).Select(i => ($"s{i}", (float)(i % 2))).ToArray();
        var train = Rows(rows);
        var encoder = new TargetEncodingEstimator(_ml, Regression, [new InputOutputColumnPair("enc", "Shop")], new TargetEncodingOptions { Smoothing = 1, Folds = 5, Seed = 3 });
        var model = encoder.Fit(train);
        Assert.All(ViewReader.Singles(model.Transform(train), "enc"), v => Assert.Equal(0f, v));
        var inSample = ViewReader.Singles(model.Transform(Rows(rows)), "enc");
        for (int i = 0; i < rows.Length; i++) Assert.Equal(rows[i].Item2 == 1 ? 0.25f : -0.25f, inSample[i], 5);

        // Through an estimator chain, the next step is fitted on the out-of-fold encodings: a tree cannot learn the label back.
        var chain = encoder.Append(_ml.Transforms.Concatenate("Features", "enc"))
            .Append(_ml.Regression.Trainers.FastTree(numberOfLeaves: 2, numberOfTrees: 1, minimumExampleCountPerLeaf: 1));
        var fitted = chain.Fit(train);
        var predictions = ViewReader.Singles(fitted.Transform(Rows(rows)), "Score");
        Assert.Single(predictions.Distinct());
    }

    [Fact]
    public void Featurizer_NestedInAnotherChainWithACache_TheTrainerStillSeesOutOfFoldEncodings()
    {
        // AutoML's shape: featurizer (itself a chain of chains) > cache checkpoint > trainer. The outer chain fits the
        // featurizer, then runs it again from its first step to feed the trainer: the encoder sees new views of the same
        // rows and must still give them their out-of-fold encodings. Every shop is seen twice with coin-flip labels, so an
        // in-sample encoding carries the row's own label to the tree, and an out-of-fold one only the other row's.
        var rng = new Random(4);
        var sb = new System.Text.StringBuilder("shop,x,y\n");
        for (int i = 0; i < 300; i++) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"s{i / 2:000},{i % 7},{(rng.Next(2) == 0 ? "yes" : "no")}\n");
        using var files = new TempFiles();
        var data = DataLoader.LoadFile(_ml, files.Write("t.csv", sb.ToString()), new DataLoadOptions { Label = "y" });
        Assert.Equal(ColumnRole.Categorical, data.Schema["shop"].Role);
        var options = new FeaturizerOptions { OneHotMaxCardinality = 16, HighCardinalityEncoding = CategoricalEncoding.Target, Normalizer = NormalizerKind.None };
        var spy = new Spy(_ml);
        var pipeline = new EstimatorChain<ITransformer>().Append(DefaultFeaturizer.Build(_ml, data.Schema, options)).AppendCacheCheckpoint(_ml).Append(spy)
            .Append(_ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 5, minimumExampleCountPerLeaf: 2));
        var prepared = data.WithPreparedLabel(_ml);
        var model = pipeline.Fit(prepared);
        var labels = ViewReader.Column<bool>(prepared, "Label").Select(b => b ? 1.0 : 0.0).ToArray();
        // Features: x, then the shop's encoding. In sample it would be (own + other label + m p) / (2 + m) - p, which
        // correlates with the row's own label at about 0.7; out of fold it holds only the other row's label, or the prior.
        var seen = spy.Seen!.Select(f => (double)f[1]).ToArray();
        Assert.InRange(Correlation(seen, labels), -0.25, 0.25);
        var inSample = ViewReader.Vectors(DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(prepared).Transform(
            DataLoader.LoadFile(_ml, files.Write("copy.csv", sb.ToString()), data.Schema).WithPreparedLabel(_ml)), "Features").Select(f => (double)f[1]).ToArray();
        Assert.InRange(Correlation(inSample, labels), 0.5, 1);
        Assert.NotNull(model);
    }

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        double cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }

    /// <summary>Records the Features the next step is fitted on, and passes the rows through.</summary>
    private sealed class Spy(MLContext ml) : IEstimator<ITransformer>
    {
        public float[][]? Seen { get; private set; }

        public ITransformer Fit(IDataView input)
        {
            Seen = ViewReader.Vectors(input, "Features");
            return ml.Transforms.CopyColumns("Features", "Features").Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }

    [Fact]
    public void Transform_OneFoldPerRow_IsTheLeaveOneOutEncoding()
    {
        var rng = new Random(5);
        var rows = Enumerable.Range(0, 120).Select(i => ($"s{rng.Next(12)}", (float)Math.Round(rng.NextDouble() * 10, 2))).ToArray();
        var train = Rows(rows);
        double m = 3, prior = rows.Average(r => (double)r.Item2);
        var model = new TargetEncodingEstimator(_ml, Regression, [new InputOutputColumnPair("enc", "Shop")],
            new TargetEncodingOptions { Smoothing = m, Folds = rows.Length, Seed = 9 }).Fit(train);
        var oof = ViewReader.Singles(model.Transform(train), "enc");
        for (int i = 0; i < rows.Length; i++)
        {
            var others = rows.Where((r, j) => j != i && r.Item1 == rows[i].Item1).Select(r => (double)r.Item2).ToList();
            Assert.Equal((others.Sum() + m * prior) / (others.Count + m) - prior, oof[i], 4);
        }
    }

    [Fact]
    public void Featurizer_Multiclass_EncodesOneShareOfEachClassAndSavesWithMlNet()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var prepared = data.WithPreparedLabel(_ml);
        // island (3 values) is above a one-hot limit of 2, so it is target-encoded: one number per species.
        var options = new FeaturizerOptions { OneHotMaxCardinality = 2, HighCardinalityEncoding = CategoricalEncoding.Target, Normalizer = NormalizerKind.None };
        Assert.StartsWith("target-encoded", DefaultFeaturizer.Describe(data.Schema, options).Single(d => d.Column == "island").Encoding);
        var model = DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(prepared);
        int classes = data.Schema.Label!.Classes.Count;
        var fresh = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/test.csv"), data.Schema).Data;
        var features = ViewReader.Vectors(model.Transform(fresh), "Features");
        int numeric = 4, withMissing = data.Schema.FeatureColumns.Count(c => c.MissingCount > 0);
        int sexSlots = data.Schema["sex"].DistinctCount;
        Assert.Equal(numeric + withMissing + sexSlots + classes, features[0].Length);
        // The class shares of a category sum to 1, and so do the priors: the differences sum to 0.
        Assert.All(features, f => Assert.Equal(0f, f[^classes..].Sum(), 4));
        Assert.Contains(features, f => f[^classes..].Any(v => Math.Abs(v) > 0.05f));

        using var stream = new MemoryStream();
        _ml.Model.Save(model, prepared.Schema, stream);
        stream.Position = 0;
        var loaded = _ml.Model.Load(stream, out _);
        Assert.Equal(features, ViewReader.Vectors(loaded.Transform(fresh), "Features"));
    }

    [Fact]
    public void Featurizer_Binary_TargetEncodingNeedsTheLabel()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var options = new FeaturizerOptions { OneHotMaxCardinality = 2, HighCardinalityEncoding = CategoricalEncoding.Target };
        // Fitted on the unprepared rows there is no Label column: the error says which column it needs.
        var e = Assert.Throws<ArgumentException>(() => DefaultFeaturizer.Build(_ml, data.Schema, options).Fit(data.Data));
        Assert.Contains("'Label'", e.Message);
        Assert.Throws<ArgumentException>(() => new FeaturizerOptions { TargetEncodingFolds = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new FeaturizerOptions { TargetEncodingSmoothing = -1 }.Validate());
    }

    [Fact]
    public void Featurizer_HighCardinalityTable_TargetEncodingBeatsHashingUnderBoostedTrees()
    {
        // 600 shops with their own effect, a Zipf-like number of rows each, and one number: hashing the shops into 64
        // slots mixes them; their smoothed means keep them apart.
        var rng = new Random(11);
        var effect = Enumerable.Range(0, 600).Select(_ => rng.NextDouble() * 4 - 2).ToArray();
        var weights = Enumerable.Range(1, 600).Select(k => 1 / Math.Pow(k, 0.7)).ToArray();
        double total = weights.Sum();
        int Draw()
        {
            double u = rng.NextDouble() * total;
            for (int k = 0; k < weights.Length; k++) if ((u -= weights[k]) <= 0) return k;
            return weights.Length - 1;
        }
        string Csv(int n)
        {
            var sb = new System.Text.StringBuilder("shop,x,y\n");
            for (int i = 0; i < n; i++)
            {
                int s = Draw();
                double x = rng.NextDouble() * 2 - 1, noise = (rng.NextDouble() - 0.5) * 1.0;
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"s{s},{x:0.####},{effect[s] + x + noise:0.####}\n");
            }
            return sb.ToString();
        }
        using var files = new TempFiles();
        var train = DataLoader.LoadFile(_ml, files.Write("train.csv", Csv(6000)), new DataLoadOptions { Label = "y" });
        var test = DataLoader.LoadFile(_ml, files.Write("test.csv", Csv(2000)), train.Schema).WithPreparedLabel(_ml);
        Assert.Equal(ColumnRole.Categorical, train.Schema["shop"].Role);
        double Rmse(CategoricalEncoding encoding)
        {
            var options = new FeaturizerOptions { OneHotMaxCardinality = 16, HashingBits = 6, HighCardinalityEncoding = encoding, Normalizer = NormalizerKind.None };
            var model = DefaultFeaturizer.Build(_ml, train.Schema, options)
                .Append(_ml.Regression.Trainers.LightGbm(numberOfLeaves: 16, minimumExampleCountPerLeaf: 20, numberOfIterations: 100))
                .Fit(train.WithPreparedLabel(_ml));
            return _ml.Regression.Evaluate(model.Transform(test)).RootMeanSquaredError;
        }
        double hashing = Rmse(CategoricalEncoding.Hashing), target = Rmse(CategoricalEncoding.Target);
        Assert.True(target < hashing * 0.9, $"target encoding RMSE {target:0.###}, hashing {hashing:0.###}");
    }
}
