using System.Text;
using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Ensembles.Forests;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// A fitted forest (<see cref="ExtraTreesTransformer"/>, <see cref="RandomForestTransformer"/>): appends the trees'
/// averaged leaf values as ML.NET's scored columns, and writes and reads the trees.
/// </summary>
public abstract class ForestTransformer : ScoringTransformer
{
    private readonly RandomizedTree[] _trees;
    private readonly FittedHeader _header;
    private readonly string _magic, _fittedBy;

    /// <param name="header">Task, feature column and width, classes.</param>
    /// <param name="trees">The fitted trees.</param>
    /// <param name="magic">The file's first string.</param>
    /// <param name="fittedBy">For input errors, for example "the extra trees were".</param>
    private protected ForestTransformer(FittedHeader header, RandomizedTree[] trees, string magic, string fittedBy)
    {
        _header = header;
        _trees = trees;
        _magic = magic;
        _fittedBy = fittedBy;
    }

    /// <summary>The task (from the label's type at fit).</summary>
    public MLTask Task => _header.Task;

    /// <summary>The feature vector column.</summary>
    public string FeatureColumnName => _header.FeatureColumn;

    /// <summary>Slots of the feature vector.</summary>
    public int FeatureCount => _header.FeatureCount;

    /// <summary>Classes (2 for binary, 0 for regression).</summary>
    public int ClassCount => _header.ClassCount;

    /// <summary>Trees in the forest.</summary>
    public int NumberOfTrees => _trees.Length;

    /// <summary>The trees (for tests).</summary>
    internal IReadOnlyList<RandomizedTree> Trees => _trees;

    /// <summary>Nodes over all trees (splits and leaves).</summary>
    public long NodeCount => _trees.Sum(t => (long)t.Feature.Length);

    /// <summary>The forest's output for one row: P(class 1) (binary), class probabilities (multiclass) or the value (regression).</summary>
    public float[] Predict(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
        var result = new float[Outputs];
        Accumulate(features, result);
        return result;
    }

    private int Outputs => Task == MLTask.MulticlassClassification ? ClassCount : 1;

    private void Accumulate(ReadOnlySpan<float> x, Span<float> result)
    {
        result.Clear();
        int k = result.Length;
        foreach (var tree in _trees)
        {
            int offset = tree.LeafOffset(x);
            for (int c = 0; c < k; c++) result[c] += tree.Values[offset + c];
        }
        float inv = 1f / _trees.Length;
        for (int c = 0; c < k; c++) result[c] *= inv;
    }

    /// <summary>Writes the forest (<see cref="IPersistableTransformer.Save"/>).</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        _header.Write(w, _magic);
        w.Write(_trees.Length);
        foreach (var t in _trees)
        {
            w.Write(t.Outputs);
            w.Write(t.Feature.Length);
            foreach (var v in t.Feature) w.Write(v);
            foreach (var v in t.Threshold) w.Write(v);
            foreach (var v in t.Left) w.Write(v);
            foreach (var v in t.Right) w.Write(v);
            w.Write(t.Values.Length);
            foreach (var v in t.Values) w.Write(v);
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote; a file of another model is an error naming <paramref name="model"/>.</summary>
    private protected static (FittedHeader Header, RandomizedTree[] Trees) Read(Stream stream, string magic, string model)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var header = FittedHeader.Read(r, magic, model);
        var trees = new RandomizedTree[r.ReadInt32()];
        for (int i = 0; i < trees.Length; i++)
        {
            int outputs = r.ReadInt32(), nodes = r.ReadInt32();
            var feature = new int[nodes];
            var threshold = new float[nodes];
            var left = new int[nodes];
            var right = new int[nodes];
            for (int j = 0; j < nodes; j++) feature[j] = r.ReadInt32();
            for (int j = 0; j < nodes; j++) threshold[j] = r.ReadSingle();
            for (int j = 0; j < nodes; j++) left[j] = r.ReadInt32();
            for (int j = 0; j < nodes; j++) right[j] = r.ReadInt32();
            var values = new float[r.ReadInt32()];
            for (int j = 0; j < values.Length; j++) values[j] = r.ReadSingle();
            trees[i] = new RandomizedTree(feature, threshold, left, right, values, outputs);
        }
        return (header, trees);
    }

    private protected override ColumnAppender Appender(DataViewSchema input) =>
        _header.DenseRowAppender(input, _fittedBy, Outputs, () => (x, output) => Accumulate(x, output));
}

/// <summary>
/// A fitted <see cref="ExtraTreesEstimator"/>. Saves itself (<see cref="IPersistableTransformer{TSelf}"/>), so
/// pipelines and ensembles that hold it save to one file through <see cref="TransformerArchive"/>.
/// </summary>
public sealed class ExtraTreesTransformer : ForestTransformer, IPersistableTransformer<ExtraTreesTransformer>
{
    private const string Magic = "DeepRoad.ExtraTrees/1";

    internal ExtraTreesTransformer(FittedHeader header, RandomizedTree[] trees) : base(header, trees, Magic, "the extra trees were") { }

    /// <inheritdoc />
    public static ExtraTreesTransformer Load(MLContext context, Stream stream)
    {
        var (header, trees) = Read(stream, Magic, "extra-trees");
        return new ExtraTreesTransformer(header, trees);
    }
}

/// <summary>
/// A fitted <see cref="RandomForestEstimator"/>. Saves itself (<see cref="IPersistableTransformer{TSelf}"/>), so
/// pipelines and ensembles that hold it save to one file through <see cref="TransformerArchive"/>.
/// </summary>
public sealed class RandomForestTransformer : ForestTransformer, IPersistableTransformer<RandomForestTransformer>
{
    private const string Magic = "DeepRoad.RandomForest/1";

    internal RandomForestTransformer(FittedHeader header, RandomizedTree[] trees) : base(header, trees, Magic, "the random forest was") { }

    /// <inheritdoc />
    public static RandomForestTransformer Load(MLContext context, Stream stream)
    {
        var (header, trees) = Read(stream, Magic, "random-forest");
        return new RandomForestTransformer(header, trees);
    }
}
