using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Export;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// A model whose members target-encode their high-cardinality columns exports to ONNX and scores the same there; a
/// member whose converted graph ONNX Runtime cannot load is listed, not written.
/// </summary>
public sealed class TargetEncodingExportTests
{
    [Fact]
    public void Export_TargetEncodedMember_OnnxScoresMatchDeepRoad_CategoricalSplitsAreRefused()
    {
        var ml = new MLContext(0);
        var data = AutoMLData.Load(ml, TestData.Shipped("sacramento", "train.csv"), new AutoMLOptions { LabelColumn = "price" });
        var space = new AutoMLSpace([AutoMLTrainer.LightGbm], data);
        var encoding = space.Subspaces[AutoMLTrainer.LightGbm].Parameters.Single(p => p.Name == "feat.HighCardinalityEncoding");
        var split = space.Subspaces[AutoMLTrainer.LightGbm].Parameters.Single(p => p.Name == "LightGbm." + TrainerSpaces.CategoricalSplitParameter);
        // Two members, as a run's fitted models are held in memory (the encoder's own transformer, not yet saved):
        // target encoding alone, and target encoding with LightGbm's categorical splits over the one-hot type.
        var models = new[] { 0.0, 1.0 }.Select(categorical =>
        {
            var p = space.DefaultWith(AutoMLTrainer.LightGbm, (encoding.Name, (double)CategoricalEncoding.Target), (split.Name, categorical));
            return (IReadOnlyList<ITransformer>)[space.Featurizer(ml, p).Append(space.Trainer(ml, p, 1, 0)).Fit(data.Data)];
        }).ToList();
        // Target encoding alone exports and scores the same in ONNX Runtime (below). LightGbm's categorical splits do not
        // convert correctly: ML.NET writes trees that split on feature -1, which ONNX Runtime refuses to load, so that
        // member is listed as not exported and its file is not left behind.
        var both = new AutoMLModel(ml, data.Schema, MetricKind.Rmse,
            [new ModelMember(1, AutoMLTrainer.LightGbm, 0.5, true, "target"), new ModelMember(2, AutoMLTrainer.LightGbm, 0.5, true, "LightGbm.CategoricalSplit=1")], models);
        var bothPath = Path.Combine(TestData.TempDir(), "both.onnx");
        var partial = OnnxExporter.Export(both, bothPath);
        Assert.False(partial.Complete);
        Assert.Single(partial.Files);
        var refused = Assert.Single(partial.NotExported);
        Assert.StartsWith("member #2 LightGbm", refused);
        Assert.Contains("ONNX Runtime cannot load", refused);
        Assert.Contains("categorical splits", refused);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(bothPath)!, "both.member2.onnx")));

        var model = new AutoMLModel(ml, data.Schema, MetricKind.Rmse, [new ModelMember(1, AutoMLTrainer.LightGbm, 1.0, true, "target")], [models[0]]);
        var path = Path.Combine(TestData.TempDir(), "model.onnx");
        var export = OnnxExporter.Export(model, path);
        Assert.True(export.Complete, string.Join("; ", export.NotExported));
        Assert.Single(export.Files);

        string test = TestData.Shipped("sacramento", "test.csv");
        var ours = model.PredictFile(test).Select(x => (double)x.Value).ToArray();
        var view = AutoMLData.FromFile(ml, data.Schema, test, requireLabel: false, out _);
        var inputs = data.Schema.FeatureColumns.Select(c => c.Name).ToArray();
        var onnx = new double[ours.Length];
        foreach (var file in export.Files)
        {
            string output;
            using (var session = new InferenceSession(file)) output = session.OutputMetadata.Keys.First(k => k.StartsWith("Score", StringComparison.Ordinal));
            var scored = ml.Transforms.ApplyOnnxModel([output], inputs, file).Fit(view).Transform(view);
            var column = scored.Schema.Select(c => c.Name).First(n => n == output || n + ".output" == output);
            var values = scored.GetColumn<VBuffer<float>>(scored.Schema[column]).Select(v => (double)v.DenseValues().First()).ToArray();
            for (int i = 0; i < onnx.Length; i++) onnx[i] += values[i] / export.Files.Count;
        }
        for (int i = 0; i < ours.Length; i++) Assert.True(Math.Abs(ours[i] - onnx[i]) <= 1e-3 * Math.Max(1, Math.Abs(ours[i])), $"row {i}: DeepRoad {ours[i]} vs ONNX {onnx[i]}");
    }
}
