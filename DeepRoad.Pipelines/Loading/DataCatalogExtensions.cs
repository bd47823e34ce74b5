using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Loading;

/// <summary>Loading, cleaning and featurization on <c>mlContext.DeepRoad()</c>.</summary>
public static class DataCatalogExtensions
{
    extension(DeepRoadCatalog catalog)
    {
        /// <summary>See <see cref="DataLoader.LoadFile(MLContext, string, DataLoadOptions?, CancellationToken)"/>.</summary>
        public LoadedData LoadFile(string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
            => DataLoader.LoadFile(catalog.Context, path, options, cancellationToken);

        /// <summary>See <see cref="DataLoader.LoadFile(MLContext, string, InferredSchema, DataLoadOptions?, CancellationToken)"/>.</summary>
        public LoadedData LoadFile(string path, InferredSchema trainingSchema, CancellationToken cancellationToken = default)
            => DataLoader.LoadFile(catalog.Context, path, trainingSchema, null, cancellationToken);

        /// <summary>See <see cref="DataCleaner.Fit"/>.</summary>
        public CleaningResult Clean(IDataView train, InferredSchema schema, CleaningOptions? options = null, CancellationToken cancellationToken = default)
            => DataCleaner.Fit(catalog.Context, train, schema, options, cancellationToken);

        /// <summary>See <see cref="DefaultFeaturizer.Build"/>.</summary>
        public IEstimator<ITransformer> DefaultFeaturizer(InferredSchema schema, FeaturizerOptions? options = null)
            => Featurization.DefaultFeaturizer.Build(catalog.Context, schema, options);
    }
}
