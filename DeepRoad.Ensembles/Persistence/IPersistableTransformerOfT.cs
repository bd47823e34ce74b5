using Microsoft.ML;

namespace DeepRoad.Ensembles.Persistence;

/// <summary>
/// The loader half of <see cref="IPersistableTransformer"/>: <see cref="TransformerArchive"/> records the
/// implementing type's name and calls its static <see cref="Load"/> when reading the file back, so no
/// registration step is needed (the type's assembly must be referenced by the loading application).
/// </summary>
/// <typeparam name="TSelf">The implementing transformer type.</typeparam>
public interface IPersistableTransformer<TSelf> : IPersistableTransformer
    where TSelf : IPersistableTransformer<TSelf>
{
    /// <summary>Reads a transformer written by <see cref="IPersistableTransformer.Save(Stream)"/>.</summary>
    static abstract TSelf Load(MLContext context, Stream stream);
}
