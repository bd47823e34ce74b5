using DeepRoad.Ensembles.Internal;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Graph;

/// <summary>Combines member predictions with weights (votes, averages, AdaBoost rules, weighted median).</summary>
internal sealed class CombinerNode : PredictionNode
{
    public CombinerNode(IReadOnlyList<PredictionNode> members, double[] weights, CombineMode mode, TaskInfo task)
    {
        if (members.Count == 0) throw new ArgumentException("A combination needs at least one member.");
        if (weights.Length != members.Count) throw new ArgumentException($"{weights.Length} weights for {members.Count} members.");
        Members = members;
        Weights = weights;
        Mode = mode;
        Task = task;
    }

    public IReadOnlyList<PredictionNode> Members { get; }
    public double[] Weights { get; }
    public CombineMode Mode { get; }
    public TaskInfo Task { get; }

    public override int Width => Task.Width;

    public override IEnumerable<PredictionNode> Children => Members;

    public override Func<float[]> Bind(DataViewRow input, BindContext context)
    {
        var bound = Members.Select(m => context.Get(m, input)).ToArray();
        var outputs = new float[bound.Length][];
        return Cached(input, Width, buffer =>
        {
            for (int i = 0; i < bound.Length; i++) outputs[i] = bound[i]();
            Combine(Mode, Task, outputs, Weights, buffer);
        });
    }

    /// <summary>The combination rule, shared by prediction and fit-time scoring (OOB, boosting).</summary>
    public static void Combine(CombineMode mode, TaskInfo task, IReadOnlyList<float[]> outputs, double[] weights, Span<float> dst)
    {
        int w = dst.Length, m = outputs.Count;
        double total = 0;
        for (int i = 0; i < m; i++) total += weights[i];
        if (total <= 0) total = 1;
        Span<double> acc = stackalloc double[w];
        acc.Clear();
        switch (mode)
        {
            case CombineMode.Average:
                for (int i = 0; i < m; i++)
                    for (int k = 0; k < w; k++) acc[k] += weights[i] * outputs[i][k];
                for (int k = 0; k < w; k++) dst[k] = (float)(acc[k] / total);
                return;
            case CombineMode.HardVote:
                for (int i = 0; i < m; i++) acc[ArgMax(outputs[i])] += weights[i];
                for (int k = 0; k < w; k++) dst[k] = (float)(acc[k] / total);
                return;
            case CombineMode.WeightedMedian:
            {
                var order = Enumerable.Range(0, m).OrderBy(i => outputs[i][0]).ThenBy(i => i).ToArray();
                double cum = 0;
                foreach (var i in order)
                {
                    cum += weights[i];
                    if (cum >= 0.5 * total) { dst[0] = outputs[i][0]; return; }
                }
                dst[0] = outputs[order[^1]][0];
                return;
            }
            case CombineMode.Samme:
                for (int i = 0; i < m; i++) acc[ArgMax(outputs[i])] += weights[i];
                for (int k = 0; k < w; k++) acc[k] /= total;
                Softmax(acc, w, dst);
                return;
            case CombineMode.SammeR:
                for (int i = 0; i < m; i++)
                {
                    double meanLog = 0;
                    for (int k = 0; k < w; k++) meanLog += Math.Log(Math.Max(outputs[i][k], 1e-7));
                    meanLog /= w;
                    for (int k = 0; k < w; k++)
                        acc[k] += weights[i] * (w - 1) * (Math.Log(Math.Max(outputs[i][k], 1e-7)) - meanLog);
                }
                for (int k = 0; k < w; k++) acc[k] /= total;
                Softmax(acc, w, dst);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }

    /// <summary>Probabilities exp(d/(K-1)) normalised, as scikit-learn's AdaBoost predict_proba.</summary>
    private static void Softmax(Span<double> d, int w, Span<float> dst)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < w; k++) max = Math.Max(max, d[k] / (w - 1));
        double sum = 0;
        for (int k = 0; k < w; k++) { d[k] = Math.Exp(d[k] / (w - 1) - max); sum += d[k]; }
        for (int k = 0; k < w; k++) dst[k] = (float)(d[k] / sum);
    }

    public static int ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int k = 1; k < v.Length; k++) if (v[k] > v[best]) best = k;
        return best;
    }
}
