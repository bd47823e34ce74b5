using DeepRoad.Pipelines;

namespace DeepRoad.Ensembles;

/// <summary>Adds <c>Ensembles</c> to <see cref="DeepRoadCatalog"/>: <c>mlContext.DeepRoad().Ensembles</c>.</summary>
public static class DeepRoadCatalogEnsembles
{
    extension(DeepRoadCatalog catalog)
    {
        /// <summary>Bagging, AdaBoost, stacking, voting and ensemble selection.</summary>
        public EnsembleCatalog Ensembles => new(catalog.Context);
    }
}
