using System.Text;
using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// A fitted <see cref="ElasticNetEstimator"/>: appends <c>Score</c> = bias + weights . features, with the penalty it
/// was fitted at and, when the penalty was chosen by cross-validation, the path and each penalty's held-out error.
/// Saves itself (<see cref="IPersistableTransformer{TSelf}"/>).
/// </summary>
public sealed class ElasticNetTransformer : ScoringTransformer, IPersistableTransformer<ElasticNetTransformer>
{
    private const string Magic = "DeepRoad.ElasticNet/1";
    private readonly float[] _weights;
    private readonly double[]? _path, _cvMse;

    internal ElasticNetTransformer(string featureColumnName, float[] weights, float bias, double alpha, double l1Ratio, double[]? path, double[]? cvMse)
    {
        FeatureColumnName = featureColumnName;
        _weights = weights;
        Bias = bias;
        Alpha = alpha;
        L1Ratio = l1Ratio;
        _path = path;
        _cvMse = cvMse;
    }

    /// <summary>The feature vector column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Weights in the original feature units (0 for the slots the L1 term dropped).</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>Intercept.</summary>
    public float Bias { get; }

    /// <summary>The penalty the weights were fitted at (the cross-validated choice unless it was fixed), on the standardised label's scale unless the options said otherwise.</summary>
    public double Alpha { get; }

    /// <summary>Share of the penalty that is L1.</summary>
    public double L1Ratio { get; }

    /// <summary>The penalties cross-validated, largest first (empty when the penalty was fixed).</summary>
    public IReadOnlyList<double> AlphaPath => _path ?? [];

    /// <summary>Held-out mean squared error of each penalty of <see cref="AlphaPath"/>.</summary>
    public IReadOnlyList<double> CrossValidatedMse => _cvMse ?? [];

    /// <summary>Slots with a non-zero weight.</summary>
    public int NonZeroWeights => _weights.Count(w => w != 0);

    /// <inheritdoc />
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FeatureColumnName);
        w.Write(Bias);
        w.Write(Alpha);
        w.Write(L1Ratio);
        w.Write(_weights.Length);
        foreach (var v in _weights) w.Write(v);
        w.Write(_path?.Length ?? 0);
        for (int k = 0; k < (_path?.Length ?? 0); k++) { w.Write(_path![k]); w.Write(_cvMse![k]); }
    }

    /// <inheritdoc />
    public static ElasticNetTransformer Load(MLContext context, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        string magic = r.ReadString();
        if (magic != Magic) throw new InvalidDataException($"Not a DeepRoad elastic-net model (header '{magic}').");
        string column = r.ReadString();
        float bias = r.ReadSingle();
        double alpha = r.ReadDouble(), l1Ratio = r.ReadDouble();
        var weights = new float[r.ReadInt32()];
        for (int i = 0; i < weights.Length; i++) weights[i] = r.ReadSingle();
        int k = r.ReadInt32();
        double[]? path = k > 0 ? new double[k] : null, mse = k > 0 ? new double[k] : null;
        for (int i = 0; i < k; i++) { path![i] = r.ReadDouble(); mse![i] = r.ReadDouble(); }
        return new ElasticNetTransformer(column, weights, bias, alpha, l1Ratio, path, mse);
    }

    private protected override ColumnAppender Appender(DataViewSchema input) =>
        LinearScore.Appender(input, FeatureColumnName, _weights, Bias, "elastic net");
}
