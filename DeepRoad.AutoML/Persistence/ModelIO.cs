using DeepRoad.Deep.Estimators;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Persistence;

/// <summary>
/// Saves one fitted member pipeline. ML.NET's model format holds the featurizer and classic trainers; a trailing
/// deep-learning transformer (which ML.NET cannot save) is stored beside it in its own stream format.
/// </summary>
internal static class ModelIO
{
    public static (byte[] MlNet, byte[]? Deep) Serialize(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        byte[]? deep = null;
        ITransformer toSave = model;
        if (model is IEnumerable<ITransformer> parts)
        {
            var list = parts.ToList();
            if (list.Count > 0 && list[^1] is DeepModelTransformer d)
            {
                using var ds = new MemoryStream();
                d.Save(ds);
                deep = ds.ToArray();
                toSave = new TransformerChain<ITransformer>(list.Take(list.Count - 1).ToArray());
            }
        }
        else if (model is DeepModelTransformer d)
        {
            using var ds = new MemoryStream();
            d.Save(ds);
            deep = ds.ToArray();
            toSave = new TransformerChain<ITransformer>();
        }
        using var ms = new MemoryStream();
        ml.Model.Save(toSave, inputSchema, ms);
        return (ms.ToArray(), deep);
    }

    public static ITransformer Deserialize(MLContext ml, byte[] mlNet, byte[]? deep)
    {
        var prefix = ml.Model.Load(new MemoryStream(mlNet), out _);
        if (deep is null) return prefix;
        var d = DeepModelTransformer.Load(ml, new MemoryStream(deep));
        var parts = prefix is IEnumerable<ITransformer> chain ? chain.ToList() : [prefix];
        parts.Add(d);
        return new TransformerChain<ITransformer>(parts.ToArray());
    }
}
