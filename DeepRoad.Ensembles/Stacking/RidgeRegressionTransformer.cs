using System.Text;
using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Persistence;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Stacking;

/// <summary>
/// A fitted <see cref="RidgeRegressionEstimator"/>: appends <c>Score</c> = bias + weights . features. Saves itself
/// (<see cref="IPersistableTransformer{TSelf}"/>), so stacking ensembles that use it save to one file as usual.
/// </summary>
public sealed class RidgeRegressionTransformer : ScoringTransformer, IPersistableTransformer<RidgeRegressionTransformer>
{
    private const string Magic = "DeepRoad.Ridge/2";
    private const string MagicV1 = "DeepRoad.Ridge/1";
    private readonly float[] _weights;

    internal RidgeRegressionTransformer(string featureColumnName, float[] weights, float bias, double l2)
    {
        FeatureColumnName = featureColumnName;
        _weights = weights;
        Bias = bias;
        L2 = l2;
    }

    /// <summary>The L2 penalty the weights were fitted with (the chosen one when the estimator had several; NaN from a version-1 file).</summary>
    public double L2 { get; }

    /// <summary>The feature vector column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>Weights in the original feature units.</summary>
    public IReadOnlyList<float> Weights => _weights;

    /// <summary>Intercept.</summary>
    public float Bias { get; }

    /// <inheritdoc />
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(FeatureColumnName);
        w.Write(Bias);
        w.Write(L2);
        w.Write(_weights.Length);
        foreach (var v in _weights) w.Write(v);
    }

    /// <inheritdoc />
    public static RidgeRegressionTransformer Load(MLContext context, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        string magic = r.ReadString();
        if (magic != Magic && magic != MagicV1) throw new InvalidDataException($"Not a DeepRoad ridge model (header '{magic}').");
        string column = r.ReadString();
        float bias = r.ReadSingle();
        double l2 = magic == MagicV1 ? double.NaN : r.ReadDouble();
        var weights = new float[r.ReadInt32()];
        for (int i = 0; i < weights.Length; i++) weights[i] = r.ReadSingle();
        return new RidgeRegressionTransformer(column, weights, bias, l2);
    }

    private protected override ColumnAppender Appender(DataViewSchema input) =>
        LinearScore.Appender(input, FeatureColumnName, _weights, Bias, "ridge model");
}
