using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Extremely randomized trees: quality against scikit-learn's ExtraTrees, ML.NET's output contract, persistence, seeds, bad options.</summary>
public sealed class ExtraTreesTests
{
    private static ExtraTreesTransformer Fit(string dataset, ExtraTreesOptions? options = null) =>
        Fitted.Context.DeepRoad().Ensembles.ExtraTrees(options ?? new ExtraTreesOptions { Seed = 3 }).Fit(Fitted.Data(dataset).Train);

    [Theory]
    // scikit-learn 1.2.1, ExtraTrees{Classifier,Regressor}(100) with default options, random_state 0..9 on the same
    // shipped splits: diabetes RMSE 52.53 / 53.30 / 54.09 (min / mean / max), breast_cancer AUC 0.9967 / 0.9982 /
    // 0.9990, wine accuracy 0.9722 / 0.9972 / 1.0. The bounds allow the spread of seeds plus a little.
    [InlineData("diabetes", 55.0)]
    [InlineData("breast_cancer", 0.994)]
    [InlineData("wine", 0.97)]
    public void Fit_DefaultOptions_MatchesScikitLearnExtraTrees(string dataset, double bound)
    {
        var model = Fit(dataset);
        double score = Fitted.TestScore(dataset, model);
        if (Fitted.Data(dataset).Task == MLTask.Regression) Assert.InRange(score, 40, bound);
        else Assert.InRange(score, bound, 1.0);
    }

    [Theory]
    [InlineData("breast_cancer")]
    [InlineData("wine")]
    [InlineData("diabetes")]
    public void Transformer_OutputsFollowMlNet_AndSaveLoadGivesIdenticalPredictions(string dataset)
    {
        var set = Fitted.Data(dataset);
        var model = Fit(dataset);
        var scored = model.Transform(set.Test);
        switch (set.Task)
        {
            case MLTask.BinaryClassification:
                var probability = scored.GetColumn<float>("Probability").ToArray();
                var score = scored.GetColumn<float>("Score").ToArray();
                var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
                Assert.All(probability, p => Assert.InRange(p, 0f, 1f));
                for (int i = 0; i < probability.Length; i++)
                {
                    Assert.Equal(probability[i] > 0.5f, predicted[i]);
                    Assert.Equal(probability[i] > 0.5f, score[i] > 0);
                }
                break;
            case MLTask.MulticlassClassification:
                var key = Assert.IsType<KeyDataViewType>(scored.Schema["PredictedLabel"].Type);
                Assert.Equal(3ul, key.Count);
                VBuffer<ReadOnlyMemory<char>> names = default;
                scored.Schema["PredictedLabel"].GetKeyValues(ref names);
                Assert.Equal(["class_0", "class_1", "class_2"], names.DenseValues().Select(n => n.ToString()).ToArray());
                foreach (var v in scored.GetColumn<VBuffer<float>>("Score"))
                    Assert.Equal(1.0, v.DenseValues().Sum(), 4);
                break;
            default:
                Assert.Null(scored.Schema.GetColumnOrNull("PredictedLabel"));
                break;
        }
        // The estimator's schema check agrees with the transformer's output.
        var shape = Fitted.Context.DeepRoad().Ensembles.ExtraTrees().GetOutputSchema(SchemaShapes.Create(set.Train.Schema));
        foreach (var c in scored.Schema.Skip(set.Test.Schema.Count))
            Assert.Contains(shape, s => s.Name == c.Name);

        // Save, load: the same predictions, batch and row by row (the row mapper PredictionEngine uses).
        using var buffer = new MemoryStream();
        TransformerArchive.Save(Fitted.Context, model, set.Train.Schema, buffer);
        buffer.Position = 0;
        var loaded = TransformerArchive.Load(new MLContext(9), buffer, out _);
        Assert.IsType<ExtraTreesTransformer>(loaded);
        var expected = Scores(model.Transform(set.Test), set.Task);
        Assert.Equal(expected, Scores(loaded.Transform(set.Test), set.Task));
        var rows = TestData.FeatureRows(set.Test, 5);
        int width = expected.Length / TestData.Labels(set.Test).Length;
        for (int r = 0; r < rows.Length; r++)
        {
            var p = ((ExtraTreesTransformer)loaded).Predict(rows[r]);
            Assert.Equal(expected.AsSpan(r * width, width).ToArray(), p);
        }
        var mapper = loaded.GetRowToRowMapper(set.Test.Schema);
        using var cursor = set.Test.GetRowCursor(set.Test.Schema);
        var row = mapper.GetRow(cursor, mapper.OutputSchema);
        var column = mapper.OutputSchema[set.Task == MLTask.BinaryClassification ? "Probability" : "Score"];
        cursor.MoveNext();
        float viaMapper = set.Task == MLTask.MulticlassClassification
            ? GetVector(row, column)[0]
            : GetSingle(row, column);
        Assert.Equal(expected[0], viaMapper, 5);
    }

    [Fact]
    public void Fit_SameSeed_SameForestWhateverTheThreads_OtherSeed_OtherForest()
    {
        var set = Fitted.Data("diabetes");
        var one = Scores(Fit("diabetes", new ExtraTreesOptions { Seed = 5, NumberOfThreads = 1 }).Transform(set.Test), set.Task);
        var two = Scores(Fit("diabetes", new ExtraTreesOptions { Seed = 5, NumberOfThreads = 2 }).Transform(set.Test), set.Task);
        var other = Scores(Fit("diabetes", new ExtraTreesOptions { Seed = 6, NumberOfThreads = 2 }).Transform(set.Test), set.Task);
        Assert.Equal(one, two);
        Assert.NotEqual(one, other);
    }

    [Fact]
    public void Fit_GrowthLimits_AreHonoured()
    {
        var set = Fitted.Data("diabetes");
        var stumps = Fit("diabetes", new ExtraTreesOptions { NumberOfTrees = 7, MaximumDepth = 1, Seed = 1 });
        Assert.Equal(7 * 3, stumps.NodeCount);
        var full = Fit("diabetes", new ExtraTreesOptions { NumberOfTrees = 7, Seed = 1 });
        var leafy = Fit("diabetes", new ExtraTreesOptions { NumberOfTrees = 7, MinimumExampleCountPerLeaf = 20, Seed = 1 });
        int rows = TestData.Labels(set.Train).Length;
        // A fully grown tree on distinct rows has one leaf per row (2n - 1 nodes); 20 rows a leaf allows at most n / 20 leaves.
        Assert.True(full.NodeCount > 7 * rows, $"{full.NodeCount} nodes");
        Assert.True(leafy.NodeCount <= 7 * (2 * (rows / 20) - 1), $"{leafy.NodeCount} nodes");
        // Fully grown trees reproduce the training labels.
        var fitted = Scores(full.Transform(set.Train), set.Task);
        Assert.Equal(TestData.Labels(set.Train), fitted, (a, b) => Math.Abs(a - b) < 1e-3 * Math.Max(1, Math.Abs(a)));
    }

    [Fact]
    public void BadOptionsAndColumns_NameTheOptionOrColumn()
    {
        var c = Fitted.Context.DeepRoad().Ensembles;
        Assert.Contains("NumberOfTrees", Assert.Throws<ArgumentOutOfRangeException>(() => c.ExtraTrees(numberOfTrees: 0)).Message);
        Assert.Contains("FeatureFraction", Assert.Throws<ArgumentOutOfRangeException>(() => c.ExtraTrees(featureFraction: 1.5)).Message);
        Assert.Contains("MinimumExampleCountPerLeaf", Assert.Throws<ArgumentOutOfRangeException>(() => c.ExtraTrees(minimumExampleCountPerLeaf: 0)).Message);
        var set = Fitted.Data("wine");
        Assert.Contains("'Missing' not found", Assert.Throws<ArgumentException>(() => c.ExtraTrees(featureColumnName: "Missing").Fit(set.Train)).Message);
        var text = Fitted.Context.Transforms.Conversion.MapKeyToValue("Label").Fit(set.Train).Transform(set.Train);
        Assert.Contains("Label column 'Label' has type", Assert.Throws<ArgumentException>(() => c.ExtraTrees().Fit(text)).Message);
        var model = c.ExtraTrees(numberOfTrees: 3).Fit(set.Train);
        var diabetes = Fitted.Data("diabetes");
        Assert.Contains("'Features' has 10 slots; the extra trees were fitted on 13", Assert.Throws<ArgumentException>(() => model.Transform(diabetes.Test)).Message);
    }

    private static float[] Scores(IDataView scored, MLTask task) => task switch
    {
        MLTask.BinaryClassification => scored.GetColumn<float>("Probability").ToArray(),
        MLTask.MulticlassClassification => scored.GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).ToArray(),
        _ => scored.GetColumn<float>("Score").ToArray(),
    };

    private static float GetSingle(DataViewRow row, DataViewSchema.Column column)
    {
        float v = 0;
        row.GetGetter<float>(column)(ref v);
        return v;
    }

    private static float[] GetVector(DataViewRow row, DataViewSchema.Column column)
    {
        VBuffer<float> v = default;
        row.GetGetter<VBuffer<float>>(column)(ref v);
        return v.DenseValues().ToArray();
    }
}
