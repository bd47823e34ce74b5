using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>Gaussian-process Bayesian optimisation of the CV score (scikit-optimize's BayesSearchCV).</summary>
public sealed class BayesSearch(MLContext mlContext, SearchSpace space, Func<ParameterSet, IEstimator<ITransformer>> estimatorFactory, MLTask task,
    SearchCVOptions? options = null, GaussianProcessSamplerOptions? samplerOptions = null)
    : SearchCV(mlContext, space, estimatorFactory, task, options)
{
    /// <inheritdoc />
    protected override ISampler CreateSampler(int seed) => new GaussianProcessSampler(seed, samplerOptions);
}
