using Microsoft.ML;

namespace DeepRoad.Pipelines;

/// <summary>
/// Entry point of DeepRoad on an <see cref="MLContext"/>: <c>mlContext.DeepRoad()</c>.
/// Other DeepRoad assemblies add their catalogs to it as C# extension members
/// (for example <c>mlContext.DeepRoad().Ensembles</c>).
/// </summary>
public sealed class DeepRoadCatalog
{
    internal DeepRoadCatalog(MLContext context) => Context = context;

    /// <summary>The ML.NET context every DeepRoad component uses.</summary>
    public MLContext Context { get; }
}

/// <summary>Adds <c>DeepRoad()</c> to <see cref="MLContext"/>.</summary>
public static class MLContextDeepRoadExtensions
{
    /// <summary>DeepRoad's catalog for this context.</summary>
    public static DeepRoadCatalog DeepRoad(this MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DeepRoadCatalog(context);
    }
}
