using DeepRoad.Ensembles.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>The persistence seam: plain ML.NET models stay ML.NET files; a pipeline holding an ensemble is one archive.</summary>
public sealed class TransformerArchiveTests
{
    [Fact]
    public void Save_PlainMlNetModel_WritesFileThatMlNetLoads()
    {
        var ml = Fitted.Context;
        var set = Fitted.Data("diabetes");
        var model = ml.Transforms.NormalizeMinMax("Features").Append(ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 20)).Fit(set.Train);
        Assert.False(TransformerArchive.NeedsArchive(model));
        using var buffer = new MemoryStream();
        TransformerArchive.Save(ml, model, set.Train.Schema, buffer);
        buffer.Position = 0;
        var viaMlNet = new MLContext(5).Model.Load(buffer, out _);
        buffer.Position = 0;
        var viaArchive = TransformerArchive.Load(new MLContext(6), buffer, out _);
        var expected = model.Transform(set.Test).GetColumn<float>("Score").ToArray();
        Assert.Equal(expected, viaMlNet.Transform(set.Test).GetColumn<float>("Score").ToArray());
        Assert.Equal(expected, viaArchive.Transform(set.Test).GetColumn<float>("Score").ToArray());
    }

    [Fact]
    public void Save_PipelineEndingInEnsemble_LoadsWithIdenticalPredictions()
    {
        var ml = Fitted.Context;
        var set = Fitted.Data("wine");
        var ensemble = Fitted.Model(EnsembleKind.Voting, "wine");
        var copy = ml.Transforms.CopyColumns("FeaturesCopy", "Features").Fit(set.Train);
        var pipeline = new TransformerChain<ITransformer>(copy, ensemble);
        Assert.True(TransformerArchive.NeedsArchive(pipeline));
        Assert.ThrowsAny<NotSupportedException>(() => ml.Model.Save(pipeline, set.Train.Schema, new MemoryStream()));

        using var buffer = new MemoryStream();
        TransformerArchive.Save(ml, pipeline, set.Train.Schema, buffer);
        buffer.Position = 0;
        var loaded = TransformerArchive.Load(new MLContext(8), buffer, out var schema);
        Assert.Equal(set.Train.Schema.Count, schema.Count);
        var parts = Assert.IsType<TransformerChain<ITransformer>>(loaded).ToArray();
        Assert.Equal(2, parts.Length);
        Assert.IsType<EnsembleModel>(parts[1]);
        var expected = pipeline.Transform(set.Test).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        var actual = loaded.Transform(set.Test).GetColumn<VBuffer<float>>("Score").Select(v => v.DenseValues().ToArray()).ToArray();
        Assert.Equal(expected, actual);
        Assert.True(loaded.Transform(set.Test).Schema.GetColumnOrNull("FeaturesCopy").HasValue);
    }

    [Fact]
    public void Load_NotAZip_NamesTheSource()
    {
        var ex = Assert.Throws<DeepRoad.Pipelines.DeepRoadDataException>(() => TransformerArchive.Load(Fitted.Context, new MemoryStream([1, 2, 3]), out _));
        Assert.Contains("not a model file", ex.Message);
    }
}
