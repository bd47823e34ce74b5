using Microsoft.ML;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// Wraps an estimator so that its training data is rebalanced by an <see cref="IResampler"/> first. The fitted model
/// is the inner estimator's, so scoring never resamples. Append it after the featurizer (SMOTE needs the
/// <c>Features</c> column): <c>featurizer.Append(new ResamplingEstimator(mlContext, trainer, new Smote()))</c>.
/// </summary>
public sealed class ResamplingEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _mlContext;
    private readonly IEstimator<ITransformer> _inner;
    private readonly IResampler _resampler;
    private readonly int _seed;

    /// <summary>Rebalances with <paramref name="resampler"/> (seeded by <paramref name="seed"/>) and fits <paramref name="inner"/>.</summary>
    public ResamplingEstimator(MLContext mlContext, IEstimator<ITransformer> inner, IResampler resampler, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(resampler);
        _mlContext = mlContext;
        _inner = inner;
        _resampler = resampler;
        _seed = seed;
    }

    /// <summary>Resamples <paramref name="input"/> and fits the inner estimator on the result.</summary>
    public ITransformer Fit(IDataView input) => _inner.Fit(_resampler.Resample(_mlContext, input, _seed));

    /// <summary>The inner estimator's output schema for the resampled shape (e.g. with the class-weight column).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => _inner.GetOutputSchema(_resampler.GetOutputSchema(inputSchema));
}
