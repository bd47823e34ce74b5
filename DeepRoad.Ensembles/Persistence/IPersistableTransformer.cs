using Microsoft.ML;

namespace DeepRoad.Ensembles.Persistence;

/// <summary>
/// A transformer that writes itself to a stream because ML.NET's own model format is closed to it
/// (ML.NET keeps <c>ModelLoadContext</c> and <c>[LoadableClass]</c> registration internal, so a third-party
/// <see cref="ICanSaveModel"/> cannot be loaded back by <c>mlContext.Model.Load</c>).
/// <see cref="TransformerArchive"/> saves such a transformer, alone or inside a <c>TransformerChain</c> next to
/// ML.NET transformers, and ensembles use it for their members, so DeepRoad.Ensembles stays free of the
/// libraries (TorchSharp) that implement it. Implement <see cref="IPersistableTransformer{TSelf}"/> as well,
/// which supplies the loader.
/// </summary>
public interface IPersistableTransformer : ITransformer
{
    /// <summary>Writes everything needed to rebuild the transformer with identical outputs.</summary>
    void Save(Stream stream);
}
