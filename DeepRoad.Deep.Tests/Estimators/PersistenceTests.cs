using System.IO.Compression;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Ensembles;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Tests.Estimators;

/// <summary>Deep models inside ML.NET pipelines and DeepRoad ensembles save to one file and load with identical predictions.</summary>
public sealed class PersistenceTests
{
    private static EnsembleMember NormalizedMlp() => new("mlp", ml =>
        ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [16] }, MlpTests.Fast with { Epochs = 8 })));

    private static EnsembleMember LightGbm() =>
        new("lightgbm", c => c.BinaryClassification.Trainers.LightGbm(numberOfIterations: 50));

    [Fact]
    public void Stacking_LightGbmAndMlp_SavesAndLoadsInFreshContextWithIdenticalPredictions()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.BreastCancer(ml);
        var model = ml.DeepRoad().Ensembles.Stacking([LightGbm(), NormalizedMlp()], folds: 3, seed: 5).Fit(train);
        var before = model.Transform(test);
        var metrics = ml.BinaryClassification.Evaluate(before);
        Assert.True(metrics.AreaUnderRocCurve >= 0.97, $"AUC {metrics.AreaUnderRocCurve}"); // majority baseline 0.5 AUC, 0.63 accuracy

        string path = Path.Combine(Path.GetTempPath(), $"deeproad-stack-deep-{Guid.NewGuid():N}.zip");
        try
        {
            model.Save(path);
            using (var zip = ZipFile.OpenRead(path))
                Assert.Contains(zip.Entries, e => e.FullName.StartsWith("models/", StringComparison.Ordinal));

            var fresh = new MLContext(99);
            var loaded = EnsembleModel.Load(fresh, path);
            Assert.Equal(["lightgbm", "mlp"], loaded.Members.Select(m => m.Name).Distinct().Order());
            var (_, test2) = TestData.BreastCancer(fresh);
            var after = loaded.Transform(test2);
            Assert.Equal(PredictionReader.Floats(before, "Probability"), PredictionReader.Floats(after, "Probability"));
            Assert.Equal(PredictionReader.Floats(before, "Score"), PredictionReader.Floats(after, "Score"));

            // One row through a PredictionEngine as well.
            var engine = fresh.Model.CreatePredictionEngine<BreastCancerRow, BinaryPrediction>(loaded);
            var row = fresh.Data.CreateEnumerable<BreastCancerRow>(test2, reuseRowObject: false).First();
            Assert.Equal(PredictionReader.Floats(before, "Probability")[0], engine.Predict(row).Probability);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Voting_LightGbmAndMlp_RoundTripsThroughStream()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.BreastCancer(ml);
        var model = ml.DeepRoad().Ensembles.Voting([LightGbm(), NormalizedMlp()]).Fit(train);
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = EnsembleModel.Load(new MLContext(3), buffer);
        Assert.Equal(PredictionReader.Floats(model.Transform(test), "Probability"), PredictionReader.Floats(loaded.Transform(test), "Probability"));
    }

    [Fact]
    public void TransformerArchive_FeaturizerPlusMlp_IsOneFileWithIdenticalPredictions()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.Iris(ml);
        var pipeline = ml.Transforms.NormalizeMinMax("Features")
            .Append(ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [16] }, MlpTests.Fast with { Epochs = 10 }));
        var model = pipeline.Fit(train);
        Assert.Throws<NotSupportedException>(() => ml.Model.Save(model, train.Schema, new MemoryStream()));
        Assert.True(TransformerArchive.NeedsArchive(model));

        using var buffer = new MemoryStream();
        TransformerArchive.Save(ml, model, train.Schema, buffer);
        buffer.Position = 0;
        var loaded = TransformerArchive.Load(new MLContext(2), buffer, out var schema);
        Assert.Equal(train.Schema.Select(c => c.Name), schema.Select(c => c.Name));
        var parts = Assert.IsType<TransformerChain<ITransformer>>(loaded).ToArray();
        Assert.IsType<DeepModelTransformer>(parts[^1]);
        Assert.Equal(PredictionReader.Vectors(model.Transform(test), "Score"), PredictionReader.Vectors(loaded.Transform(test), "Score"));
    }

    [Fact]
    public void TransformerArchive_UnknownType_NamesTheType()
    {
        var ml = new MLContext(1);
        var (train, _) = TestData.Iris(ml);
        var model = ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [4] }, MlpTests.Fast with { Epochs = 1 }).Fit(train);
        using var buffer = new MemoryStream();
        TransformerArchive.Save(ml, model, train.Schema, buffer);
        // Rename the recorded type, as if the assembly were missing.
        var bytes = buffer.ToArray();
        using var edited = new MemoryStream();
        edited.Write(bytes);
        using (var zip = new ZipArchive(edited, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("transformers.json")!;
            string json;
            using (var r = new StreamReader(entry.Open())) json = r.ReadToEnd();
            entry.Delete();
            using var w = new StreamWriter(zip.CreateEntry("transformers.json").Open());
            w.Write(json.Replace("DeepRoad.Deep.Estimators.DeepModelTransformer, DeepRoad.Deep", "Missing.Type, Missing.Assembly"));
        }
        edited.Position = 0;
        var ex = Assert.Throws<DeepRoadDataException>(() => TransformerArchive.Load(ml, edited, out _));
        Assert.Contains("Missing.Type, Missing.Assembly", ex.Message);
    }

    public sealed class BreastCancerRow
    {
        [VectorType(30)]
        public float[] Features { get; set; } = [];
    }

    public sealed class BinaryPrediction
    {
        public float Probability { get; set; }
    }
}
