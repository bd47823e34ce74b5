using System.Text;
using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// A fitted <see cref="NaiveBayesEstimator"/>: per class a bias and one weight per feature slot; a row's joint
/// log-likelihood for class c is bias_c + weights_c . x, turned into probabilities by a softmax. Saves itself
/// (<see cref="IPersistableTransformer{TSelf}"/>).
/// </summary>
public sealed class NaiveBayesTransformer : ScoringTransformer, IPersistableTransformer<NaiveBayesTransformer>
{
    private const string Magic = "DeepRoad.NaiveBayes/1";
    private readonly float[][] _weights;
    private readonly float[] _bias;
    private readonly FittedHeader _header;

    internal NaiveBayesTransformer(FittedHeader header, float[][] weights, float[] bias)
    {
        _header = header;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>Binary or multiclass classification (from the label's type at fit).</summary>
    public MLTask Task => _header.Task;

    /// <summary>The feature vector column.</summary>
    public string FeatureColumnName => _header.FeatureColumn;

    /// <summary>Slots of the feature vector.</summary>
    public int FeatureCount => _header.FeatureCount;

    /// <summary>Classes (2 for binary).</summary>
    public int ClassCount => _bias.Length;

    /// <summary>Joint log-likelihood weights of class <paramref name="c"/> (one per feature slot).</summary>
    public IReadOnlyList<float> Weights(int c) => _weights[c];

    /// <summary>Per-class bias (log prior for the multinomial model, 0 for the complement model).</summary>
    public IReadOnlyList<float> Bias => _bias;

    /// <summary>Class probabilities of one row of features.</summary>
    public float[] PredictProbabilities(ReadOnlySpan<float> features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
        var buffer = new VBuffer<float>(features.Length, features.ToArray());
        var jll = new double[ClassCount];
        JointLogLikelihood(buffer, jll);
        var p = new float[ClassCount];
        Softmax(jll, p);
        return p;
    }

    private void JointLogLikelihood(in VBuffer<float> x, double[] jll)
    {
        var values = x.GetValues();
        var indices = x.IsDense ? default : x.GetIndices();
        for (int c = 0; c < jll.Length; c++)
        {
            var w = _weights[c];
            double s = _bias[c];
            if (x.IsDense) for (int i = 0; i < values.Length; i++) s += w[i] * values[i];
            else for (int i = 0; i < values.Length; i++) s += w[indices[i]] * values[i];
            jll[c] = s;
        }
    }

    private static void Softmax(double[] jll, Span<float> p)
    {
        double max = jll.Max(), sum = 0;
        for (int c = 0; c < jll.Length; c++) sum += Math.Exp(jll[c] - max);
        for (int c = 0; c < jll.Length; c++) p[c] = (float)(Math.Exp(jll[c] - max) / sum);
    }

    /// <inheritdoc />
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        _header.Write(w, Magic);
        w.Write(_bias.Length);
        for (int c = 0; c < _bias.Length; c++)
        {
            w.Write(_bias[c]);
            foreach (var v in _weights[c]) w.Write(v);
        }
    }

    /// <inheritdoc />
    public static NaiveBayesTransformer Load(MLContext context, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var header = FittedHeader.Read(r, Magic, "naive Bayes");
        int features = header.FeatureCount;
        var bias = new float[r.ReadInt32()];
        var weights = new float[bias.Length][];
        for (int c = 0; c < bias.Length; c++)
        {
            bias[c] = r.ReadSingle();
            weights[c] = new float[features];
            for (int j = 0; j < features; j++) weights[c][j] = r.ReadSingle();
        }
        return new NaiveBayesTransformer(header, weights, bias);
    }

    private protected override ColumnAppender Appender(DataViewSchema input)
    {
        _header.CheckInput(input, "naive Bayes was");
        string name = FeatureColumnName;
        var columns = _header.OutputColumns();
        return new ColumnAppender(columns, row =>
        {
            var get = row.GetGetter<VBuffer<float>>(row.Schema[name]);
            var jll = new double[ClassCount];
            var p = new float[ClassCount];
            VBuffer<float> buffer = default;
            long scored = -1;
            void Score()
            {
                if (scored == row.Position) return;
                get(ref buffer);
                JointLogLikelihood(buffer, jll);
                Softmax(jll, p);
                scored = row.Position;
            }
            if (Task == MLTask.BinaryClassification)
            {
                ValueGetter<float> score = (ref float v) => { Score(); v = (float)(jll[1] - jll[0]); };
                ValueGetter<float> probability = (ref float v) => { Score(); v = p[1]; };
                ValueGetter<bool> predicted = (ref bool v) => { Score(); v = jll[1] > jll[0]; };
                return [score, probability, predicted];
            }
            return ScoredColumns.MulticlassGetters(Score, p);
        }, dependencies: [name]);
    }
}
