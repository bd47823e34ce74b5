using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>Exhaustive search over a grid (scikit-learn's GridSearchCV); continuous ranges at <paramref name="resolution"/> points.</summary>
public sealed class GridSearch(MLContext mlContext, SearchSpace space, Func<ParameterSet, IEstimator<ITransformer>> estimatorFactory, MLTask task,
    SearchCVOptions? options = null, int resolution = 3, IReadOnlyDictionary<string, IReadOnlyList<object>>? values = null)
    : SearchCV(mlContext, space, estimatorFactory, task, options)
{
    /// <inheritdoc />
    protected override ISampler CreateSampler(int seed) => new GridSampler(seed, resolution, shuffle: true, values);
}
