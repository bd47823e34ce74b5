using DeepRoad.Ensembles.Forests;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// Extremely randomized trees (scikit-learn's ExtraTreesClassifier / ExtraTreesRegressor; AutoGluon's "XT"): a
/// forest of unpruned trees, each grown on every training row, whose splits take a random threshold on each of a
/// few random features and keep the best. ML.NET has no such trainer (FastForest bins features and bags rows), and
/// no NuGet package served here offers one. Randomized thresholds smooth the forest's fit, which on small tables
/// often beats both boosting and bagged trees. The task follows the label's type; outputs follow ML.NET's
/// conventions: <c>Score</c>/<c>Probability</c>/<c>PredictedLabel</c> (binary; Probability is the trees' mean class-1
/// share), a <c>Score</c> vector of class probabilities and a key <c>PredictedLabel</c> (multiclass), <c>Score</c>
/// (regression). Rows whose label is missing are skipped.
/// </summary>
public sealed class ExtraTreesEstimator : IEstimator<ExtraTreesTransformer>
{
    /// <summary>An estimator with the given options (validated here).</summary>
    public ExtraTreesEstimator(MLContext context, ExtraTreesOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public ExtraTreesOptions Options { get; }

    /// <inheritdoc />
    public ExtraTreesTransformer Fit(IDataView input)
    {
        var (header, trees) = ForestFitter.Fit(input, Options, bestSplit: false, bootstrap: false, "extra trees");
        return new ExtraTreesTransformer(header, trees);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ForestFitter.OutputShape(inputSchema, Options, "extra trees");
}
