using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// SMOTE (Chawla et al. 2002, as imbalanced-learn's <c>SMOTE</c>): each class below <see cref="TargetRatio"/> x
/// (majority count) gets synthetic rows x + u (x_nn - x), where x is a random row of the class, x_nn one of its
/// <see cref="Neighbors"/> nearest same-class rows (Euclidean, over the <c>Features</c> vector) and u ~ U[0, 1).
/// The result holds the contract's <c>Label</c> and <c>Features</c> columns only (synthetic rows have no raw
/// columns), originals first: apply it after featurization, e.g. through <see cref="ResamplingEstimator"/>.
/// A class with a single row is over-sampled by copying it.
/// </summary>
public sealed record Smote : IResampler
{
    private const string LabelColumn = "Label";
    private const string FeatureColumn = "Features";

    /// <summary>Nearest same-class neighbours to interpolate towards (at least 1). Default 5.</summary>
    public int Neighbors { get; init; } = 5;

    /// <summary>Target size of each class relative to the majority, in (0, 1]. Default 1 (fully balanced).</summary>
    public double TargetRatio { get; init; } = 1.0;

    /// <summary>
    /// Synthetic rows for the given feature rows and classes; returns (features, class) of the new rows only.
    /// </summary>
    public (float[][] Features, int[] Classes) Synthesize(IReadOnlyList<float[]> features, IReadOnlyList<int> classes, int classCount, int seed)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(classes);
        if (Neighbors < 1)
            throw new ArgumentException($"Neighbors must be at least 1, not {Neighbors}.", nameof(Neighbors));
        ImbalanceHelpers.CheckRatio(TargetRatio, nameof(TargetRatio));
        var members = ImbalanceHelpers.Members(classes.ToArray(), classCount);
        int target = (int)Math.Ceiling(TargetRatio * members.Max(m => m.Count));
        var random = new Random(seed);
        var newFeatures = new List<float[]>();
        var newClasses = new List<int>();
        for (int c = 0; c < classCount; c++)
        {
            var rows = members[c];
            int needed = target - rows.Count;
            if (rows.Count == 0 || needed <= 0) continue;
            int k = Math.Min(Neighbors, rows.Count - 1);
            var neighbours = k > 0 ? NearestNeighbours(features, rows, k) : null;
            for (int s = 0; s < needed; s++)
            {
                int a = random.Next(rows.Count);
                var x = features[rows[a]];
                if (neighbours is null)
                {
                    newFeatures.Add((float[])x.Clone());
                }
                else
                {
                    var nn = features[rows[neighbours[a][random.Next(k)]]];
                    float gap = (float)random.NextDouble();
                    var synthetic = new float[x.Length];
                    for (int d = 0; d < x.Length; d++) synthetic[d] = x[d] + gap * (nn[d] - x[d]);
                    newFeatures.Add(synthetic);
                }
                newClasses.Add(c);
            }
        }
        return (newFeatures.ToArray(), newClasses.ToArray());
    }

    /// <summary>For each member (by position in <paramref name="rows"/>), the positions of its k nearest other members.</summary>
    internal static int[][] NearestNeighbours(IReadOnlyList<float[]> features, IReadOnlyList<int> rows, int k)
    {
        var result = new int[rows.Count][];
        var distances = new double[rows.Count];
        var order = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            var xi = features[rows[i]];
            for (int j = 0; j < rows.Count; j++)
            {
                order[j] = j;
                if (j == i) { distances[j] = double.PositiveInfinity; continue; }
                var xj = features[rows[j]];
                double sum = 0;
                for (int d = 0; d < xi.Length; d++) { double diff = xi[d] - xj[d]; sum += diff * diff; }
                distances[j] = sum;
            }
            var keys = (double[])distances.Clone();
            Array.Sort(keys, order); // ties: Array.Sort is unstable, but deterministic for the same input
            result[i] = order[..k];
        }
        return result;
    }

    /// <inheritdoc />
    public IDataView Resample(MLContext mlContext, IDataView trainingData, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(trainingData);
        var featureColumn = trainingData.Schema.GetColumnOrNull(FeatureColumn)
            ?? throw new DeepRoadDataException($"SMOTE needs a '{FeatureColumn}' column (a vector of Single); featurize before resampling.") { Column = FeatureColumn };
        if (featureColumn.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vt || vt.ItemType.RawType != typeof(float))
            throw new DeepRoadDataException($"SMOTE needs '{FeatureColumn}' to be a fixed-size vector of Single, not {featureColumn.Type}.") { Column = FeatureColumn };
        var labelColumn = trainingData.Schema[LabelColumn];
        var (classes, classCount) = ImbalanceHelpers.ReadClasses(trainingData, LabelColumn, cancellationToken);

        var features = new List<float[]>(classes.Length);
        using (var cursor = trainingData.GetRowCursor([featureColumn]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(featureColumn);
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                if ((cursor.Position & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                getter(ref buffer);
                features.Add(buffer.DenseValues().ToArray());
            }
        }
        var (newFeatures, newClasses) = Synthesize(features, classes, classCount, seed);

        var schema = new DataViewSchema.Builder();
        schema.AddColumn(LabelColumn, labelColumn.Type, labelColumn.Annotations);
        schema.AddColumn(FeatureColumn, featureColumn.Type, featureColumn.Annotations);
        var allFeatures = features.Concat(newFeatures);
        var allClasses = classes.Concat(newClasses);
        if (labelColumn.Type is BooleanDataViewType)
        {
            var rows = allFeatures.Zip(allClasses, (f, c) => new BoolRow { Features = f, Label = c == 1 }).ToList();
            return mlContext.Data.LoadFromEnumerable(rows, schema.ToSchema());
        }
        if (labelColumn.Type.RawType == typeof(uint))
        {
            var rows = allFeatures.Zip(allClasses, (f, c) => new KeyRow { Features = f, Label = (uint)(c + 1) }).ToList();
            return mlContext.Data.LoadFromEnumerable(rows, schema.ToSchema());
        }
        throw new DeepRoadDataException($"SMOTE needs a Boolean or UInt32 key label, not {labelColumn.Type}.") { Column = LabelColumn };
    }

    private sealed class BoolRow
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class KeyRow
    {
        public uint Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
