using DeepRoad.Ensembles.Data;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// Multinomial and complement naive Bayes over count-like features (scikit-learn's MultinomialNB and ComplementNB),
/// the classic text baselines. ML.NET's <c>NaiveBayes</c> multiclass trainer counts features as present or absent
/// (non-zero), has no smoothing option and no binary form, so it cannot weigh TF-IDF values; this one can. The fit is
/// one pass over the rows, sparse vectors read sparse. Outputs follow ML.NET's conventions: <c>Score</c> (the log-odds
/// of the two classes), <c>Probability</c> and <c>PredictedLabel</c> for binary; a <c>Score</c> vector of class
/// probabilities and a key <c>PredictedLabel</c> for multiclass. A negative feature value is an error naming the row
/// and slot. Rows with a missing label are skipped.
/// </summary>
public sealed class NaiveBayesEstimator : IEstimator<NaiveBayesTransformer>
{
    /// <summary>An estimator with the given options (validated here).</summary>
    public NaiveBayesEstimator(MLContext context, NaiveBayesOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public NaiveBayesOptions Options { get; }

    /// <inheritdoc />
    public NaiveBayesTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = Options;
        int d = ScoredColumns.FeatureWidth(input.Schema, o.FeatureColumnName);
        var (task, label) = ScoredColumns.Label(input.Schema, o.LabelColumnName, IsClassification, Needs);
        bool binary = task == MLTask.BinaryClassification;
        int classes = binary ? 2 : checked((int)((KeyDataViewType)label.Type).Count);
        string[]? classNames = binary ? null : ScoredColumns.ClassNames(label);

        // Per class: summed feature values and row count.
        var counts = new double[classes][];
        for (int c = 0; c < classes; c++) counts[c] = new double[d];
        var rowsPerClass = new double[classes];
        var features = input.Schema[o.FeatureColumnName];
        using (var cursor = input.GetRowCursor([features, label]))
        {
            var getX = cursor.GetGetter<VBuffer<float>>(features);
            ValueGetter<bool>? getB = binary ? cursor.GetGetter<bool>(label) : null;
            ValueGetter<uint>? getK = binary ? null : cursor.GetGetter<uint>(label);
            VBuffer<float> x = default;
            bool b = false;
            uint k = 0;
            long row = 0;
            while (cursor.MoveNext())
            {
                row++;
                int c;
                if (getB is not null) { getB(ref b); c = b ? 1 : 0; }
                else
                {
                    getK!(ref k);
                    if (k == 0) continue; // missing class
                    c = (int)k - 1;
                }
                getX(ref x);
                var values = x.GetValues();
                var indices = x.IsDense ? default : x.GetIndices();
                var sum = counts[c];
                for (int i = 0; i < values.Length; i++)
                {
                    float v = values[i];
                    int j = x.IsDense ? i : indices[i];
                    if (!(v >= 0))
                        throw new DeepRoadDataException(
                            $"Naive Bayes needs non-negative features (counts, TF-IDF); column '{o.FeatureColumnName}' slot {j} holds {v} at row {row}.")
                        { Column = o.FeatureColumnName };
                    sum[j] += v;
                }
                rowsPerClass[c]++;
            }
        }
        if (rowsPerClass.Sum() == 0) throw new ArgumentException($"Naive Bayes: no training rows with a label in '{o.LabelColumnName}'.");

        var (weights, bias) = o.Kind == NaiveBayesKind.Multinomial
            ? Multinomial(counts, rowsPerClass, o.Alpha)
            : Complement(counts, rowsPerClass, o.Alpha, o.NormalizeWeights);
        return new NaiveBayesTransformer(new FittedHeader(task, o.FeatureColumnName, d, classes, classNames), weights, bias);
    }

    /// <summary>The bias of a class without training rows: never predicted, and scores stay finite (no infinite log-odds).</summary>
    private const float NoClass = -1e30f;

    /// <summary>
    /// log P(c) + sum_j x_j log theta_cj with theta_cj = (N_cj + alpha) / (N_c + alpha d) (scikit-learn's MultinomialNB,
    /// class prior from the class shares).
    /// </summary>
    private static (float[][] Weights, float[] Bias) Multinomial(double[][] counts, double[] rows, double alpha)
    {
        int classes = counts.Length, d = counts[0].Length;
        double total = rows.Sum();
        var weights = new float[classes][];
        var bias = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            double sum = counts[c].Sum() + alpha * d;
            weights[c] = counts[c].Select(n => (float)Math.Log((n + alpha) / sum)).ToArray();
            // A class with no training rows gets no prior mass: it is never predicted.
            bias[c] = rows[c] > 0 ? (float)Math.Log(rows[c] / total) : NoClass;
        }
        return (weights, bias);
    }

    /// <summary>
    /// Complement naive Bayes as scikit-learn's ComplementNB: w_cj = -log theta~_cj, theta~ from the counts of every
    /// other class, optionally scaled to unit L1 norm per class; no class prior (with one class seen, its prior).
    /// </summary>
    private static (float[][] Weights, float[] Bias) Complement(double[][] counts, double[] rows, double alpha, bool normalize)
    {
        int classes = counts.Length, d = counts[0].Length;
        var all = new double[d];
        foreach (var row in counts) for (int j = 0; j < d; j++) all[j] += row[j];
        var weights = new float[classes][];
        var bias = new float[classes];
        for (int c = 0; c < classes; c++)
        {
            var comp = new double[d];
            double sum = 0;
            for (int j = 0; j < d; j++) { comp[j] = all[j] - counts[c][j] + alpha; sum += comp[j]; }
            var logged = comp.Select(v => Math.Log(v / sum)).ToArray();
            if (normalize)
            {
                double l1 = logged.Sum(Math.Abs);
                if (l1 > 0) for (int j = 0; j < d; j++) logged[j] /= l1;
            }
            weights[c] = logged.Select(v => (float)-v).ToArray();
            bias[c] = rows[c] > 0 ? 0f : NoClass;
        }
        return (weights, bias);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return ScoredColumns.OutputShape(inputSchema, Options.FeatureColumnName, Options.LabelColumnName, IsClassification, Needs);
    }

    private static bool IsClassification(MLTask task) => task != MLTask.Regression;

    private const string Needs = "naive Bayes needs Boolean (binary) or a UInt32 key (multiclass)";
}
