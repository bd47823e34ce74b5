using DeepRoad.Ensembles.Forests;
using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Random forest (Breiman 2001; scikit-learn's RandomForestClassifier / RandomForestRegressor; AutoGluon's "RF"): a
/// forest of unpruned trees, each grown on a bootstrap sample of the rows, whose splits take the best threshold of a
/// few random features. ML.NET's FastForest is a different model: it bins every feature into at most 255 values,
/// grows trees with FastTree's leaf budget (20 leaves by default) and is one-versus-all for several classes, where
/// this forest splits on exact values, grows trees until their leaves are pure (or at the leaf size) and handles any
/// number of classes in one tree. The task follows the label's type; outputs follow ML.NET's conventions, as
/// <see cref="ExtraTreesEstimator"/>'s: <c>Score</c>/<c>Probability</c>/<c>PredictedLabel</c> (binary; Probability
/// is the trees' mean class-1 share), a <c>Score</c> vector of class probabilities and a key <c>PredictedLabel</c>
/// (multiclass), <c>Score</c> (regression). Rows whose label is missing are skipped.
/// </summary>
public sealed class RandomForestEstimator : IEstimator<RandomForestTransformer>
{
    /// <summary>An estimator with the given options (validated here).</summary>
    public RandomForestEstimator(MLContext context, RandomForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public RandomForestOptions Options { get; }

    /// <inheritdoc />
    public RandomForestTransformer Fit(IDataView input)
    {
        var (header, trees) = ForestFitter.Fit(input, Options, bestSplit: true, bootstrap: Options.Bootstrap, "random forests");
        return new RandomForestTransformer(header, trees);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => ForestFitter.OutputShape(inputSchema, Options, "random forests");
}
