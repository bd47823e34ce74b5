using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Base of every DeepRoad ensemble: an ML.NET estimator that takes member estimators as configuration
/// (never mutating them) and fits a new <see cref="EnsembleModel"/>. <see cref="GetOutputSchema"/>
/// validates members against the input so a bad ensemble fails before training.
/// </summary>
public abstract class EnsembleEstimator : IEstimator<EnsembleModel>
{
    private protected EnsembleEstimator(MLContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
    }

    private protected MLContext Context { get; }

    /// <inheritdoc />
    public EnsembleModel Fit(IDataView input) => Fit(input, CancellationToken.None);

    /// <summary>Fits the ensemble; reports each finished member fit and honours cancellation between fits.</summary>
    public abstract EnsembleModel Fit(IDataView input, CancellationToken cancellationToken, IProgress<EnsembleProgress>? progress = null);

    /// <inheritdoc />
    public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);

    private protected static int FeatureWidth(IDataView data, string column)
    {
        var c = data.Schema.GetColumnOrNull(column);
        if (c?.Type is Microsoft.ML.Data.VectorDataViewType { Size: > 0, ItemType: var t } v && t == Microsoft.ML.Data.NumberDataViewType.Single)
            return v.Size;
        throw new ArgumentException($"Column '{column}' (FeatureColumnName) must be a known-size vector of Single.");
    }
}
