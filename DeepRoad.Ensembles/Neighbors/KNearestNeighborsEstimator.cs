using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Forests;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// k nearest neighbours (scikit-learn's KNeighborsClassifier and KNeighborsRegressor, brute-force search): the fit
/// keeps the labelled training rows, and a row is scored by the k training rows nearest to it, their class shares
/// (weighted by inverse distance if asked) or the mean of their values. ML.NET has no such trainer. Outputs follow
/// ML.NET's conventions: <c>Score</c> (log-odds of the vote share, clipped), <c>Probability</c> and
/// <c>PredictedLabel</c> for binary; a <c>Score</c> vector of class shares and a key <c>PredictedLabel</c> for
/// multiclass; <c>Score</c> for regression. Rows with a missing label are skipped. A missing (NaN) feature at fit is an
/// error naming the column and slot; at scoring, a missing value counts as the training mean of its slot.
/// Training features that are the same in every row are held once, not per row (one-hot slots that no training row
/// sets, for example), and still count in every distance, so the model equals one that holds them all.
/// </summary>
public sealed class KNearestNeighborsEstimator : IEstimator<KNearestNeighborsTransformer>
{
    /// <summary>An estimator with the given options (validated here).</summary>
    public KNearestNeighborsEstimator(MLContext context, KNearestNeighborsOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public KNearestNeighborsOptions Options { get; }

    /// <inheritdoc />
    public KNearestNeighborsTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = Options;
        int d = ScoredColumns.FeatureWidth(input.Schema, o.FeatureColumnName);
        var (task, label) = ScoredColumns.Label(input.Schema, o.LabelColumnName, _ => true, Needs);
        var (classCount, classNames) = ScoredColumns.Classes(label, task);
        var (columns, kept, constant, classes, targets) = ForestFitter.Read(input, o.FeatureColumnName, label, task, d);
        int n = classes?.Length ?? targets!.Length;
        if (n == 0) throw new ArgumentException($"k nearest neighbours: no training rows with a label in '{o.LabelColumnName}'.");
        for (int j = 0; j < d; j++)
            if (float.IsNaN(constant[j])) throw MissingFeature(o.FeatureColumnName, j, 0);

        // Row-major over the held features: a query reads one training row after another.
        int m = kept.Length;
        var rows = new float[(long)n * m];
        var means = new float[m];
        for (int c = 0; c < m; c++)
        {
            var column = columns[c];
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                float v = column[i];
                if (!float.IsFinite(v)) throw MissingFeature(o.FeatureColumnName, kept[c], i);
                rows[(long)i * m + c] = v;
                sum += v;
            }
            means[c] = (float)(sum / n);
            columns[c] = null!;
        }
        var header = new FittedHeader(task, o.FeatureColumnName, d, classCount, classNames);
        return new KNearestNeighborsTransformer(header, o, kept, constant, means, rows, classes, targets);
    }

    private static DeepRoadDataException MissingFeature(string column, int slot, int row) =>
        new($"k nearest neighbours needs finite features; column '{column}' slot {slot} is missing or infinite at labelled row {row + 1} (impute missing values first).")
        { Column = column };

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return ScoredColumns.OutputShape(inputSchema, Options.FeatureColumnName, Options.LabelColumnName, _ => true, Needs);
    }

    private const string Needs = "k nearest neighbours need Boolean (binary), a UInt32 key (multiclass) or Single (regression)";
}
