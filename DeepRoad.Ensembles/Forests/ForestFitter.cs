using DeepRoad.Ensembles.Data;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Forests;

/// <summary>
/// What <see cref="ExtraTreesEstimator"/> and <see cref="RandomForestEstimator"/> share: the label and feature checks,
/// reading the rows column-major, and growing the trees in parallel from seeds drawn up front.
/// </summary>
internal static class ForestFitter
{
    /// <summary>
    /// Fits a forest. <paramref name="bestSplit"/>: a random forest's exhaustive thresholds instead of extra trees'
    /// random ones; <paramref name="bootstrap"/>: each tree on a bootstrap sample; <paramref name="model"/> names the
    /// model in errors ("extra trees", "random forest").
    /// </summary>
    public static (FittedHeader Header, RandomizedTree[] Trees) Fit(IDataView input, ForestOptions o, bool bestSplit, bool bootstrap, string model)
    {
        ArgumentNullException.ThrowIfNull(input);
        int d = ScoredColumns.FeatureWidth(input.Schema, o.FeatureColumnName);
        var (task, labelColumn) = ScoredColumns.Label(input.Schema, o.LabelColumnName, _ => true, Needs(model));
        int classCount = task switch
        {
            MLTask.BinaryClassification => 2,
            MLTask.MulticlassClassification => checked((int)((KeyDataViewType)labelColumn.Type).Count),
            _ => 0,
        };
        string[]? classNames = task == MLTask.MulticlassClassification ? ScoredColumns.ClassNames(labelColumn) : null;

        var (columns, classes, targets) = Read(input, o.FeatureColumnName, labelColumn, task, d);
        int n = classes?.Length ?? targets!.Length;
        if (n == 0) throw new ArgumentException($"{char.ToUpperInvariant(model[0])}{model[1..]}: no training rows with a label in '{o.LabelColumnName}'.");
        var data = new RandomizedTree.TrainingData(columns, n, classes, classCount, targets);
        if (bestSplit) data = data.WithRanks();
        int perSplit = o.FeatureFraction is { } f
            ? (int)Math.Max(1, Math.Round(f * d))
            : task == MLTask.Regression ? d : (int)Math.Max(1, Math.Round(Math.Sqrt(d)));
        var growth = new RandomizedTree.Growth(Math.Min(d, perSplit), o.MinimumExampleCountPerLeaf, o.MaximumDepth ?? int.MaxValue, bestSplit, bootstrap);

        // Every tree's seed comes from the master generator up front, so the forest does not depend on thread timing.
        var master = new Random(o.Seed);
        var seeds = Enumerable.Range(0, o.NumberOfTrees).Select(_ => master.Next()).ToArray();
        var trees = new RandomizedTree[o.NumberOfTrees];
        Parallel.For(0, trees.Length, new ParallelOptions { MaxDegreeOfParallelism = o.NumberOfThreads ?? Environment.ProcessorCount },
            i => trees[i] = RandomizedTree.Grow(data, growth, new Random(seeds[i])));
        return (new FittedHeader(task, o.FeatureColumnName, d, classCount, classNames), trees);
    }

    /// <summary>The estimator's output schema.</summary>
    public static SchemaShape OutputShape(SchemaShape inputSchema, ForestOptions o, string model)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return ScoredColumns.OutputShape(inputSchema, o.FeatureColumnName, o.LabelColumnName, _ => true, Needs(model));
    }

    private static string Needs(string model) => $"{model} need Boolean (binary), a UInt32 key (multiclass) or Single (regression)";

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
