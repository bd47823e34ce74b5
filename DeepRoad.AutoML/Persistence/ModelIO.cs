using DeepRoad.Deep.Estimators;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Persistence;

/// <summary>
/// Saves and loads one fitted pipeline (a member's fold or refit model, or the stacking meta-learner) through
/// DeepRoad.Ensembles' <see cref="TransformerArchive"/>: a plain ML.NET model file when every part is an ML.NET
/// transformer, and an archive when the pipeline holds self-saving transformers (TorchSharp networks, the ridge
/// meta-learner). Files of format version 2 that kept a trailing network in a separate ".deep" entry still load.
/// </summary>
internal static class ModelIO
{
    public static byte[] Serialize(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var ms = new MemoryStream();
        TransformerArchive.Save(ml, model, inputSchema, ms);
        return ms.ToArray();
    }

    public static ITransformer Deserialize(MLContext ml, byte[] saved, byte[]? legacyDeep = null)
    {
        // Image transforms come back as plain ML.NET transformers: put them behind the gate again (see ImageGate).
        var prefix = ImageGate.Protect(TransformerArchive.Load(ml, new MemoryStream(saved), out _));
        if (legacyDeep is null) return prefix;
        var d = DeepModelTransformer.Load(ml, new MemoryStream(legacyDeep));
        var parts = prefix is IEnumerable<ITransformer> chain ? chain.ToList() : [prefix];
        parts.Add(d);
        return new TransformerChain<ITransformer>(parts.ToArray());
    }
}
