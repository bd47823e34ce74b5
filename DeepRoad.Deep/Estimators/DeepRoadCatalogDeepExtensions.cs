using DeepRoad.Pipelines;

namespace DeepRoad.Deep.Estimators;

/// <summary>Adds <c>mlContext.DeepRoad().Deep</c>.</summary>
public static class DeepRoadCatalogDeepExtensions
{
    extension(DeepRoadCatalog catalog)
    {
        /// <summary>DeepRoad's TorchSharp estimators.</summary>
        public DeepCatalog Deep => new(catalog.Context);
    }
}
