using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>The contract every ensemble kind keeps: fit, predict (batch and PredictionEngine), save, load, same predictions.</summary>
public sealed class EnsembleContractTests
{
    public static TheoryData<EnsembleKind, string> Cases()
    {
        var data = new TheoryData<EnsembleKind, string>();
        foreach (var kind in Enum.GetValues<EnsembleKind>())
            foreach (var set in new[] { "breast_cancer", "wine", "diabetes" })
                data.Add(kind, set);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Ensemble_FitPredictSaveLoad_SamePredictions(EnsembleKind kind, string dataset)
    {
        var set = Fitted.Data(dataset);
        var model = Fitted.Model(kind, dataset);
        Assert.Equal(kind, model.Kind);
        Assert.Equal(set.Task, model.Task);

        // Standard output columns with ML.NET's types.
        var scored = model.Transform(set.Test);
        var schema = scored.Schema;
        switch (set.Task)
        {
            case MLTask.BinaryClassification:
                Assert.Equal(NumberDataViewType.Single, schema["Score"].Type);
                Assert.Equal(NumberDataViewType.Single, schema["Probability"].Type);
                Assert.Equal(BooleanDataViewType.Instance, schema["PredictedLabel"].Type);
                break;
            case MLTask.MulticlassClassification:
                Assert.Equal(3, ((VectorDataViewType)schema["Score"].Type).Size);
                var key = Assert.IsType<KeyDataViewType>(schema["PredictedLabel"].Type);
                Assert.Equal(3ul, key.Count);
                VBuffer<ReadOnlyMemory<char>> names = default;
                schema["PredictedLabel"].GetKeyValues(ref names);
                Assert.Equal(["class_0", "class_1", "class_2"], names.DenseValues().Select(n => n.ToString()).ToArray());
                break;
            default:
                Assert.Equal(NumberDataViewType.Single, schema["Score"].Type);
                Assert.Null(schema.GetColumnOrNull("PredictedLabel"));
                break;
        }

        // The estimator's schema check agrees with the output.
        var shape = Fitted.Build(Fitted.Context, kind, set.Task, seed: 7).GetOutputSchema(SchemaShapes.Create(set.Train.Schema));
        Assert.Contains(shape, c => c.Name == "Score");

        var before = model.PredictMatrix(set.Test).Values;
        AssertClose(Read(scored, set.Task), before);
        Assert.All(before, v => Assert.True(float.IsFinite(v)));

        // PredictionEngine row by row gives the batch predictions.
        var rows = TestData.FeatureRows(set.Test, 8);
        var single = Predict(model, set, rows);
        for (int r = 0; r < rows.Length; r++)
            for (int k = 0; k < model.PredictMatrix(set.Test).Width; k++)
                Assert.Equal(before[r * (before.Length / TestData.Labels(set.Test).Length) + k], single[r][k], 5);

        // One zip file, with a manifest that states the format version; loads to identical predictions.
        var path = Path.Combine(Path.GetTempPath(), $"deeproad-{kind}-{dataset}-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            using (var zip = System.IO.Compression.ZipFile.OpenRead(path))
            {
                using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
                var manifest = reader.ReadToEnd();
                // Version 2 only when some node is not a plain ML.NET model: the regression stack's ridge meta-learner.
                int version = kind == EnsembleKind.Stacking && set.Task == MLTask.Regression ? 2 : 1;
                Assert.Contains($"\"formatVersion\": {version}", manifest);
                Assert.Contains($"\"kind\": \"{kind}\"", manifest);
            }
            var loaded = Fitted.Context.DeepRoad().Ensembles.Load(path);
            Assert.Equal(kind, loaded.Kind);
            Assert.Equal(model.Members.Select(m => m.Name), loaded.Members.Select(m => m.Name));
            Assert.Equal(before, loaded.PredictMatrix(set.Test).Values);
            AssertClose(Read(loaded.Transform(set.Test), set.Task), before);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"value {i}: {expected[i]} vs {actual[i]}");
    }

    private static float[] Read(IDataView scored, MLTask task)
    {
        var values = new List<float>();
        using var cursor = scored.GetRowCursor(scored.Schema);
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var g = cursor.GetGetter<float>(scored.Schema["Probability"]);
                float p = 0;
                while (cursor.MoveNext()) { g(ref p); values.Add(1 - p); values.Add(p); }
                break;
            }
            case MLTask.MulticlassClassification:
            {
                var g = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
                VBuffer<float> v = default;
                while (cursor.MoveNext()) { g(ref v); values.AddRange(v.DenseValues()); }
                break;
            }
            default:
            {
                var g = cursor.GetGetter<float>(scored.Schema["Score"]);
                float s = 0;
                while (cursor.MoveNext()) { g(ref s); values.Add(s); }
                break;
            }
        }
        return values.ToArray();
    }

    private static float[][] Predict(EnsembleModel model, TestData.Set set, float[][] rows)
    {
        var ctx = Fitted.Context;
        switch (set.Task)
        {
            case MLTask.BinaryClassification:
            {
                var engine = ctx.Model.CreatePredictionEngine<Row30, BinaryOut>(model);
                return rows.Select(r =>
                {
                    var o = engine.Predict(new Row30 { Features = r });
                    Assert.Equal(o.Probability > 0.5f, o.PredictedLabel);
                    return new[] { 1 - o.Probability, o.Probability };
                }).ToArray();
            }
            case MLTask.MulticlassClassification:
            {
                var engine = ctx.Model.CreatePredictionEngine<Row13, MultiOut>(model);
                return rows.Select(r =>
                {
                    var o = engine.Predict(new Row13 { Features = r });
                    Assert.Equal((uint)Array.IndexOf(o.Score, o.Score.Max()) + 1, o.PredictedLabel);
                    return o.Score;
                }).ToArray();
            }
            default:
            {
                var engine = ctx.Model.CreatePredictionEngine<Row10, RegressionOut>(model);
                return rows.Select(r => new[] { engine.Predict(new Row10 { Features = r }).Score }).ToArray();
            }
        }
    }

    public sealed class Row30 { [VectorType(30)] public float[] Features { get; set; } = []; }

    public sealed class Row13 { [VectorType(13)] public float[] Features { get; set; } = []; }

    public sealed class Row10 { [VectorType(10)] public float[] Features { get; set; } = []; }

    public sealed class BinaryOut
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    public sealed class MultiOut
    {
        public float[] Score { get; set; } = [];
        public uint PredictedLabel { get; set; }
    }

    public sealed class RegressionOut { public float Score { get; set; } }
}
