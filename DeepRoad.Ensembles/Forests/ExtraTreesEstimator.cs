using DeepRoad.Ensembles.Forests;
using DeepRoad.Ensembles.Data;
using DeepRoad.Pipelines;
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
        ArgumentNullException.ThrowIfNull(input);
        var o = Options;
        int d = ScoredColumns.FeatureWidth(input.Schema, o.FeatureColumnName);
        var (task, labelColumn) = ScoredColumns.Label(input.Schema, o.LabelColumnName, _ => true, Needs);
        int classCount = task switch
        {
            MLTask.BinaryClassification => 2,
            MLTask.MulticlassClassification => checked((int)((KeyDataViewType)labelColumn.Type).Count),
            _ => 0,
        };
        string[]? classNames = task == MLTask.MulticlassClassification ? ScoredColumns.ClassNames(labelColumn) : null;

        var (columns, classes, targets) = Read(input, o.FeatureColumnName, labelColumn, task, d);
        int n = classes?.Length ?? targets!.Length;
        if (n == 0) throw new ArgumentException($"Extra trees: no training rows with a label in '{o.LabelColumnName}'.");
        var data = new RandomizedTree.TrainingData(columns, n, classes, classCount, targets);
        int perSplit = o.FeatureFraction is { } f
            ? (int)Math.Max(1, Math.Round(f * d))
            : task == MLTask.Regression ? d : (int)Math.Max(1, Math.Round(Math.Sqrt(d)));
        var growth = new RandomizedTree.Growth(Math.Min(d, perSplit), o.MinimumExampleCountPerLeaf, o.MaximumDepth ?? int.MaxValue);

        // Every tree's seed comes from the master generator up front, so the forest does not depend on thread timing.
        var master = new Random(o.Seed);
        var seeds = Enumerable.Range(0, o.NumberOfTrees).Select(_ => master.Next()).ToArray();
        var trees = new RandomizedTree[o.NumberOfTrees];
        Parallel.For(0, trees.Length, new ParallelOptions { MaxDegreeOfParallelism = o.NumberOfThreads ?? Environment.ProcessorCount },
            i => trees[i] = RandomizedTree.Grow(data, growth, new Random(seeds[i])));
        return new ExtraTreesTransformer(new FittedHeader(task, o.FeatureColumnName, d, classCount, classNames), trees);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return ScoredColumns.OutputShape(inputSchema, Options.FeatureColumnName, Options.LabelColumnName, _ => true, Needs);
    }

    private const string Needs = "extra trees need Boolean (binary), a UInt32 key (multiclass) or Single (regression)";

    /// <summary>Features column-major, and the labels, of the rows whose label is present.</summary>
    private static (float[][] Columns, int[]? Classes, float[]? Targets) Read(IDataView input, string featureName, DataViewSchema.Column label, MLTask task, int d)
    {
        var rows = new List<float[]>();
        var classes = new List<int>();
        var targets = new List<float>();
        var features = input.Schema[featureName];
        using (var cursor = input.GetRowCursor([features, label]))
        {
            var getX = cursor.GetGetter<VBuffer<float>>(features);
            VBuffer<float> x = default;
            ValueGetter<bool>? getB = task == MLTask.BinaryClassification ? cursor.GetGetter<bool>(label) : null;
            ValueGetter<uint>? getK = task == MLTask.MulticlassClassification ? cursor.GetGetter<uint>(label) : null;
            ValueGetter<float>? getF = task == MLTask.Regression ? cursor.GetGetter<float>(label) : null;
            bool b = false;
            uint k = 0;
            float v = 0;
            while (cursor.MoveNext())
            {
                if (getB is not null) { getB(ref b); classes.Add(b ? 1 : 0); }
                else if (getK is not null)
                {
                    getK(ref k);
                    if (k == 0) continue; // missing class
                    classes.Add((int)k - 1);
                }
                else
                {
                    getF!(ref v);
                    if (!float.IsFinite(v)) continue;
                    targets.Add(v);
                }
                getX(ref x);
                var dense = new float[d];
                x.CopyTo(dense);
                rows.Add(dense);
            }
        }
        var columns = new float[d][];
        for (int j = 0; j < d; j++)
        {
            var c = columns[j] = new float[rows.Count];
            for (int i = 0; i < rows.Count; i++) c[i] = rows[i][j];
        }
        return (columns, task == MLTask.Regression ? null : classes.ToArray(), task == MLTask.Regression ? targets.ToArray() : null);
    }
}
