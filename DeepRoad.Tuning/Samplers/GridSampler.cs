using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers;

/// <summary>
/// The full factorial of each parameter's grid values (all values of discrete parameters with at most
/// <see cref="Resolution"/> values, otherwise <see cref="Resolution"/> evenly spaced points, log-spaced on log scales),
/// following conditions. Visits each distinct point once, in an order shuffled by the seed (or definition order), and
/// proposes null when every point has been tried or is pending.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly int _seed;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<object>> _values;
    private readonly object _gate = new();
    private (SearchSpace Space, ParameterSet[] Points)? _cache;

    /// <summary>Creates the sampler.</summary>
    /// <param name="seed">Seed of the visiting order.</param>
    /// <param name="resolution">Points per continuous (or large discrete) parameter.</param>
    /// <param name="shuffle">Visit the grid in a seeded random order (true) or in definition order (false).</param>
    /// <param name="values">Explicit grid values for some parameters (like scikit-learn's param_grid).</param>
    /// <param name="maxPoints">Refuse grids larger than this.</param>
    public GridSampler(int seed, int resolution = 5, bool shuffle = true, IReadOnlyDictionary<string, IReadOnlyList<object>>? values = null, int maxPoints = 1_000_000)
    {
        if (resolution < 1) throw new ArgumentException($"GridSampler: resolution must be >= 1, got {resolution}.");
        _seed = seed;
        Resolution = resolution;
        Shuffle = shuffle;
        MaxPoints = maxPoints;
        _values = values ?? new Dictionary<string, IReadOnlyList<object>>();
    }

    /// <summary>Points per continuous parameter.</summary>
    public int Resolution { get; }

    /// <summary>Whether the visiting order is shuffled.</summary>
    public bool Shuffle { get; }

    /// <summary>Largest grid accepted.</summary>
    public int MaxPoints { get; }

    /// <summary>Every grid point of <paramref name="space"/>, in visiting order.</summary>
    public IReadOnlyList<ParameterSet> Points(SearchSpace space)
    {
        lock (_gate)
        {
            if (_cache is { } c && ReferenceEquals(c.Space, space)) return c.Points;
            var points = new List<ParameterSet>();
            var seen = new HashSet<string>();
            Enumerate(space, 0, new Dictionary<string, object>(StringComparer.Ordinal), points, seen);
            var arr = points.ToArray();
            if (Shuffle) new Random(_seed).Shuffle(arr);
            _cache = (space, arr);
            return arr;
        }
    }

    private void Enumerate(SearchSpace space, int i, Dictionary<string, object> partial, List<ParameterSet> points, HashSet<string> seen)
    {
        if (i == space.Parameters.Count)
        {
            var set = new ParameterSet(new Dictionary<string, object>(partial));
            if (seen.Add(set.Key))
            {
                if (points.Count >= MaxPoints) throw new InvalidOperationException($"GridSampler: the grid has more than {MaxPoints} points; lower the resolution.");
                points.Add(set);
            }
            return;
        }
        var p = space.Parameters[i];
        if (!space.IsActive(p, partial))
        {
            Enumerate(space, i + 1, partial, points, seen);
            return;
        }
        var values = _values.TryGetValue(p.Name, out var given) ? given.Select(p.Normalize).ToArray() : p.GridValues(Resolution);
        foreach (var v in values)
        {
            partial[p.Name] = v;
            Enumerate(space, i + 1, partial, points, seen);
        }
        partial.Remove(p.Name);
    }

    /// <inheritdoc />
    public bool UsesTrialResults => false;

    /// <inheritdoc />
    public ParameterSet? Propose(SamplerContext context)
    {
        var used = new HashSet<string>(context.History.Select(t => t.Parameters.Key).Concat(context.Pending.Select(p => p.Key)));
        foreach (var point in Points(context.Space))
            if (!used.Contains(point.Key)) return point;
        return null;
    }
}
