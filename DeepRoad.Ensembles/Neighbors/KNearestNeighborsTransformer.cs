using System.Numerics;
using System.Text;
using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// A fitted <see cref="KNearestNeighborsEstimator"/>: the labelled training rows, searched by brute force for each
/// scored row. Saves itself (<see cref="IPersistableTransformer{TSelf}"/>), training rows included, as scikit-learn's
/// pickled neighbours models do.
/// </summary>
public sealed class KNearestNeighborsTransformer : ScoringTransformer, IPersistableTransformer<KNearestNeighborsTransformer>
{
    private const string Magic = "DeepRoad.KNearestNeighbors/1";
    private readonly FittedHeader _header;
    private readonly int[] _kept;        // held feature j is slot _kept[j] of the vector
    private readonly float[] _constant;  // the value of every slot that is not held
    private readonly float[] _means;     // per held feature: what a missing value at scoring counts as
    private readonly float[] _rows;      // training rows x held features, row-major
    private readonly int[]? _classes;    // class index per training row (classification)
    private readonly float[]? _targets;  // value per training row (regression)
    private readonly bool[] _isHeld;
    // The training rows again, feature-major in blocks of Vector<float>.Count rows: block b, feature j, lane l is at
    // (b * held + j) * lanes + l (the last block padded with zeros). A query's distances to a block's rows are then one
    // vector operation per feature, with no horizontal sum and no tail loop: 1.44 times the row-major scan's speed on 20
    // features, 1.26 on 60 (`DeepRoad.Benchmarks knn`, benchmarks/results/knn.md).
    private readonly float[] _blocks;

    internal KNearestNeighborsTransformer(FittedHeader header, KNearestNeighborsOptions options, int[] kept, float[] constant, float[] means,
        float[] rows, int[]? classes, float[]? targets)
    {
        _header = header;
        _kept = kept;
        _constant = constant;
        _means = means;
        _rows = rows;
        _classes = classes;
        _targets = targets;
        TrainingRowCount = classes?.Length ?? targets!.Length;
        NumberOfNeighbors = Math.Min(options.NumberOfNeighbors, TrainingRowCount);
        Weighting = options.Weighting;
        Distance = options.Distance;
        _isHeld = new bool[header.FeatureCount];
        foreach (var j in kept) _isHeld[j] = true;
        _blocks = Blocked(rows, TrainingRowCount, kept.Length);
    }

    private static float[] Blocked(float[] rows, int n, int m)
    {
        int lanes = Vector<float>.Count, blocks = (n + lanes - 1) / lanes;
        var blocked = new float[(long)blocks * m * lanes];
        for (int i = 0; i < n; i++)
        {
            long at = (long)(i / lanes) * m * lanes + i % lanes;
            for (int j = 0; j < m; j++) blocked[at + (long)j * lanes] = rows[(long)i * m + j];
        }
        return blocked;
    }

    /// <summary>The task (from the label's type at fit).</summary>
    public MLTask Task => _header.Task;

    /// <summary>The feature vector column.</summary>
    public string FeatureColumnName => _header.FeatureColumn;

    /// <summary>Slots of the feature vector.</summary>
    public int FeatureCount => _header.FeatureCount;

    /// <summary>Classes (2 for binary, 0 for regression).</summary>
    public int ClassCount => _header.ClassCount;

    /// <summary>Labelled training rows held.</summary>
    public int TrainingRowCount { get; }

    /// <summary>Neighbours that vote: the option, capped at the training rows.</summary>
    public int NumberOfNeighbors { get; }

    /// <summary>How the neighbours vote.</summary>
    public NeighborWeighting Weighting { get; }

    /// <summary>The distance.</summary>
    public NeighborDistance Distance { get; }

    /// <summary>Features that vary over the training rows (the others are held once).</summary>
    public int HeldFeatureCount => _kept.Length;

    private int Outputs => Task == MLTask.MulticlassClassification ? ClassCount : 1;

    /// <summary>
    /// The <see cref="NumberOfNeighbors"/> training rows nearest to <paramref name="features"/>, nearest first (a tie
    /// goes to the earlier row), as indices among the labelled training rows in the order read, with their distances.
    /// </summary>
    public (int[] Rows, float[] Distances) FindNeighbors(ReadOnlySpan<float> features)
    {
        CheckWidth(features);
        var s = new Search(this);
        s.Run(features);
        var distances = new float[NumberOfNeighbors];
        for (int i = 0; i < distances.Length; i++) distances[i] = FinalDistance(s.Best[i]);
        return (s.Index.ToArray(), distances);
    }

    /// <summary>The model's output for one row: P(class 1) (binary), class shares (multiclass) or the value (regression).</summary>
    public float[] Predict(ReadOnlySpan<float> features)
    {
        CheckWidth(features);
        var s = new Search(this);
        var output = new float[Outputs];
        s.Run(features);
        Vote(s, output);
        return output;
    }

    private void CheckWidth(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
    }

    /// <summary>The search state of one query (one per cursor: scoring threads never share one).</summary>
    private sealed class Search(KNearestNeighborsTransformer model)
    {
        public readonly float[] Best = new float[model.NumberOfNeighbors];  // distance measure, ascending: squared for Euclidean
        public readonly int[] Index = new int[model.NumberOfNeighbors];
        private readonly float[] _query = new float[model._kept.Length];

        public void Run(ReadOnlySpan<float> x)
        {
            var mdl = model;
            bool euclid = mdl.Distance == NeighborDistance.Euclidean;
            // What the features that are not held add to every distance, once per query.
            double offset = 0;
            for (int j = 0; j < x.Length; j++)
            {
                if (mdl._isHeld[j]) continue;
                float diff = x[j] - mdl._constant[j];
                if (float.IsNaN(diff)) continue; // a missing value equals the training value
                offset += euclid ? (double)diff * diff : Math.Abs(diff);
            }
            for (int c = 0; c < _query.Length; c++)
            {
                float v = x[mdl._kept[c]];
                _query[c] = float.IsFinite(v) ? v : mdl._means[c];
            }
            int k = Best.Length, m = _query.Length, count = 0, n = mdl.TrainingRowCount, lanes = Vector<float>.Count;
            var blocks = mdl._blocks.AsSpan();
            for (int j = 0; j < m; j++) _broadcast[j] = new Vector<float>(_query[j]);
            Span<float> dists = stackalloc float[lanes];
            for (int start = 0, at = 0; start < n; start += lanes, at += m * lanes)
            {
                // The block's distances, one lane per row: features summed in order, as a row-by-row loop would.
                var acc = Vector<float>.Zero;
                var block = blocks.Slice(at, m * lanes);
                if (euclid)
                    for (int j = 0; j < m; j++)
                    {
                        var diff = new Vector<float>(block.Slice(j * lanes, lanes)) - _broadcast[j];
                        acc += diff * diff;
                    }
                else
                    for (int j = 0; j < m; j++) acc += Vector.Abs(new Vector<float>(block.Slice(j * lanes, lanes)) - _broadcast[j]);
                acc.CopyTo(dists);
                int end = Math.Min(lanes, n - start);
                for (int l = 0; l < end; l++)
                {
                    float dist = (float)(offset + dists[l]);
                    if (count == k && !(dist < Best[k - 1])) continue;
                    // Insert after every kept distance that is not larger: an earlier row wins a tie.
                    int p = count < k ? count++ : k - 1;
                    while (p > 0 && Best[p - 1] > dist) { Best[p] = Best[p - 1]; Index[p] = Index[p - 1]; p--; }
                    Best[p] = dist;
                    Index[p] = start + l;
                }
            }
        }

        private readonly Vector<float>[] _broadcast = new Vector<float>[model._kept.Length];
    }

    /// <summary>The distance itself from the search's measure (the square root of the squared Euclidean distance).</summary>
    private float FinalDistance(float measure) => Distance == NeighborDistance.Euclidean ? MathF.Sqrt(Math.Max(0, measure)) : measure;

    /// <summary>Class shares or the mean value of the found neighbours, weighted as the options say.</summary>
    private void Vote(Search s, Span<float> output)
    {
        int k = s.Best.Length;
        bool exact = Weighting == NeighborWeighting.Distance && s.Best[0] <= 0;
        Span<double> votes = stackalloc double[Task == MLTask.MulticlassClassification ? ClassCount : 2];
        votes.Clear();
        double total = 0, value = 0;
        for (int i = 0; i < k; i++)
        {
            double w = Weighting == NeighborWeighting.Uniform ? 1
                : exact ? (s.Best[i] <= 0 ? 1 : 0)
                : 1.0 / FinalDistance(s.Best[i]);
            if (w == 0) continue;
            total += w;
            int row = s.Index[i];
            if (_classes is { } classes) votes[classes[row]] += w;
            else value += w * _targets![row];
        }
        switch (Task)
        {
            case MLTask.BinaryClassification:
                output[0] = (float)(votes[1] / total);
                break;
            case MLTask.MulticlassClassification:
                for (int c = 0; c < output.Length; c++) output[c] = (float)(votes[c] / total);
                break;
            default:
                output[0] = (float)(value / total);
                break;
        }
    }

    /// <inheritdoc />
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        _header.Write(w, Magic);
        w.Write(NumberOfNeighbors);
        w.Write((int)Weighting);
        w.Write((int)Distance);
        w.Write(TrainingRowCount);
        w.Write(_kept.Length);
        foreach (var j in _kept) w.Write(j);
        foreach (var v in _constant) w.Write(v);
        foreach (var v in _means) w.Write(v);
        foreach (var v in _rows) w.Write(v);
        if (_classes is { } classes) foreach (var c in classes) w.Write(c);
        else foreach (var t in _targets!) w.Write(t);
    }

    /// <inheritdoc />
    public static KNearestNeighborsTransformer Load(MLContext context, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var header = FittedHeader.Read(r, Magic, "k-nearest-neighbours");
        var options = new KNearestNeighborsOptions
        {
            FeatureColumnName = header.FeatureColumn, NumberOfNeighbors = r.ReadInt32(),
            Weighting = (NeighborWeighting)r.ReadInt32(), Distance = (NeighborDistance)r.ReadInt32(),
        };
        options.Validate();
        int n = r.ReadInt32();
        var kept = new int[r.ReadInt32()];
        for (int j = 0; j < kept.Length; j++) kept[j] = r.ReadInt32();
        var constant = new float[header.FeatureCount];
        for (int j = 0; j < constant.Length; j++) constant[j] = r.ReadSingle();
        var means = new float[kept.Length];
        for (int j = 0; j < means.Length; j++) means[j] = r.ReadSingle();
        var rows = new float[(long)n * kept.Length];
        for (long i = 0; i < rows.LongLength; i++) rows[i] = r.ReadSingle();
        int[]? classes = null;
        float[]? targets = null;
        if (header.Task == MLTask.Regression)
        {
            targets = new float[n];
            for (int i = 0; i < n; i++) targets[i] = r.ReadSingle();
        }
        else
        {
            classes = new int[n];
            for (int i = 0; i < n; i++) classes[i] = r.ReadInt32();
        }
        return new KNearestNeighborsTransformer(header, options, kept, constant, means, rows, classes, targets);
    }

    private protected override ColumnAppender Appender(DataViewSchema input) =>
        _header.DenseRowAppender(input, "k nearest neighbours were", Outputs, () =>
        {
            var search = new Search(this);
            return (x, output) =>
            {
                search.Run(x);
                Vote(search, output);
            };
        });
}
