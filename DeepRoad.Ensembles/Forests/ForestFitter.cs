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
        var (classCount, classNames) = ScoredColumns.Classes(labelColumn, task);

        var (columns, kept, _, classes, targets) = Read(input, o.FeatureColumnName, labelColumn, task, d);
        int n = classes?.Length ?? targets!.Length;
        if (n == 0) throw new ArgumentException($"{char.ToUpperInvariant(model[0])}{model[1..]}: no training rows with a label in '{o.LabelColumnName}'.");
        var data = new RandomizedTree.TrainingData(columns, n, classes, classCount, targets);
        if (bestSplit) data = data.WithRanks();
        int perSplit = o.FeatureFraction is { } f
            ? (int)Math.Max(1, Math.Round(f * d))
            : task == MLTask.Regression ? d : (int)Math.Max(1, Math.Round(Math.Sqrt(d)));
        // The features drawn per split count the input's features, constant ones included, as scikit-learn's
        // max_features does; constant features are never split on, so only the others are held (see Read).
        var growth = new RandomizedTree.Growth(Math.Max(1, Math.Min(columns.Length, perSplit)), o.MinimumExampleCountPerLeaf, o.MaximumDepth ?? int.MaxValue, bestSplit, bootstrap);

        // Every tree's seed comes from the master generator up front, so the forest does not depend on thread timing.
        var master = new Random(o.Seed);
        var seeds = Enumerable.Range(0, o.NumberOfTrees).Select(_ => master.Next()).ToArray();
        var trees = new RandomizedTree[o.NumberOfTrees];
        Parallel.For(0, trees.Length, new ParallelOptions { MaxDegreeOfParallelism = o.NumberOfThreads ?? Environment.ProcessorCount },
            i => trees[i] = RandomizedTree.Grow(data, growth, new Random(seeds[i])).WithFeatureIndices(kept));
        return (new FittedHeader(task, o.FeatureColumnName, d, classCount, classNames), trees);
    }

    /// <summary>The estimator's output schema.</summary>
    public static SchemaShape OutputShape(SchemaShape inputSchema, ForestOptions o, string model)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return ScoredColumns.OutputShape(inputSchema, o.FeatureColumnName, o.LabelColumnName, _ => true, Needs(model));
    }

    private static string Needs(string model) => $"{model} need Boolean (binary), a UInt32 key (multiclass) or Single (regression)";

    /// <summary>
    /// Features column-major, and the labels, of the rows whose label is present. Only the features that are not
    /// constant over those rows are held (<c>Kept[j]</c> is held column j's index in the feature vector): a tree never
    /// splits on a constant feature, and one-hot and hashed encodings of wide categorical columns are mostly slots that
    /// no training row of a fold sets. Rows are copied as they come (sparse ones sparse), so a wide sparse vector costs
    /// its non-zeros until the held columns are built, not rows x width. <c>Constant[j]</c> is the one value of a feature
    /// that is not held (0 where no row set it), and undefined for held features. The k-nearest-neighbours model reads
    /// its training rows here too.
    /// </summary>
    internal static (float[][] Columns, int[] Kept, float[] Constant, int[]? Classes, float[]? Targets) Read(IDataView input, string featureName, DataViewSchema.Column label, MLTask task, int d)
    {
        var values = new List<float[]>();
        var indices = new List<int[]?>(); // null: the row's values are dense
        var classes = new List<int>();
        var targets = new List<float>();
        // Per feature: the first value seen (implicit zeros aside), and whether another value followed.
        var first = new float[d];
        var seen = new bool[d];
        var varies = new bool[d];
        var explicitCount = new int[d]; // sparse rows that list the feature
        int denseRows = 0;
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
                var rowValues = x.GetValues().ToArray();
                values.Add(rowValues);
                if (x.IsDense)
                {
                    denseRows++;
                    indices.Add(null);
                    for (int j = 0; j < rowValues.Length; j++) Observe(j, rowValues[j]);
                }
                else
                {
                    var rowIndices = x.GetIndices().ToArray();
                    indices.Add(rowIndices);
                    for (int e = 0; e < rowIndices.Length; e++) { Observe(rowIndices[e], rowValues[e]); explicitCount[rowIndices[e]]++; }
                }
            }
        }
        int n = values.Count;
        // A feature left out of a sparse row is 0 there: it varies when some row set it to anything else.
        var kept = Enumerable.Range(0, d).Where(j => varies[j] || (seen[j] && explicitCount[j] + denseRows < n && !SameValue(first[j], 0))).ToArray();
        var position = new int[d];
        Array.Fill(position, -1);
        for (int c = 0; c < kept.Length; c++) position[kept[c]] = c;
        var columns = new float[kept.Length][];
        for (int c = 0; c < kept.Length; c++) columns[c] = new float[n];
        for (int i = 0; i < n; i++)
        {
            var rowValues = values[i];
            if (indices[i] is not { } rowIndices)
            {
                for (int c = 0; c < kept.Length; c++) columns[c][i] = rowValues[kept[c]];
            }
            else
            {
                for (int e = 0; e < rowIndices.Length; e++)
                    if (position[rowIndices[e]] is var c && c >= 0) columns[c][i] = rowValues[e];
            }
            values[i] = null!;
        }
        // A feature that is not held is first[j] in every row where some row set it (0 in the others only when first[j] is 0), else 0.
        var constant = new float[d];
        for (int j = 0; j < d; j++) if (position[j] < 0 && seen[j]) constant[j] = first[j];
        return (columns, kept, constant, task == MLTask.Regression ? null : classes.ToArray(), task == MLTask.Regression ? targets.ToArray() : null);

        void Observe(int j, float value)
        {
            if (!seen[j]) { seen[j] = true; first[j] = value; }
            else if (!varies[j] && !SameValue(first[j], value)) varies[j] = true;
        }
    }

    /// <summary>Equal values, NaN equal to NaN (a column of missing values is constant).</summary>
    private static bool SameValue(float a, float b) => a == b || (float.IsNaN(a) && float.IsNaN(b));
}
