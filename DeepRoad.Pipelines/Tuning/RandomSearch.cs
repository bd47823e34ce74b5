using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>Independent random candidates (scikit-learn's RandomizedSearchCV).</summary>
public sealed class RandomSearch(MLContext mlContext, SearchSpace space, Func<ParameterSet, IEstimator<ITransformer>> estimatorFactory, MLTask task, SearchCVOptions? options = null)
    : SearchCV(mlContext, space, estimatorFactory, task, options)
{
    /// <inheritdoc />
    protected override ISampler CreateSampler(int seed) => new RandomSampler(seed);
}
