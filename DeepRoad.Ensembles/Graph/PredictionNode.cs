using Microsoft.ML;

namespace DeepRoad.Ensembles.Graph;

/// <summary>
/// A node of a fitted ensemble: given an input row, yields the current row's predictions
/// (class probabilities or a regression value). Nodes form a DAG (stacking layers share nodes).
/// </summary>
internal abstract class PredictionNode
{
    public abstract int Width { get; }

    /// <summary>Binds to an input row; the returned function gives the current row's predictions.</summary>
    public abstract Func<float[]> Bind(DataViewRow input, BindContext context);

    public abstract IEnumerable<PredictionNode> Children { get; }

    /// <summary>Caches a row computation by position (recomputed every call when the position is unknown).</summary>
    protected static Func<float[]> Cached(DataViewRow input, int width, Action<float[]> compute)
    {
        var buffer = new float[width];
        long position = long.MinValue;
        return () =>
        {
            long p = input.Position;
            if (p < 0 || p != position)
            {
                compute(buffer);
                position = p;
            }
            return buffer;
        };
    }
}

/// <summary>Binds each node once per input row so shared nodes are computed once per row.</summary>
internal sealed class BindContext
{
    private readonly Dictionary<PredictionNode, Func<float[]>> _bound = new(ReferenceEqualityComparer.Instance);

    public Func<float[]> Get(PredictionNode node, DataViewRow input)
    {
        if (!_bound.TryGetValue(node, out var f))
        {
            f = node.Bind(input, this);
            _bound[node] = f;
        }
        return f;
    }
}
