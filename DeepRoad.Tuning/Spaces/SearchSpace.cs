using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepRoad.Tuning.Spaces;

/// <summary>
/// An ordered set of typed <see cref="Parameter"/>s. Samplers work in the unit cube of <see cref="Dimensions"/>
/// (one coordinate per non-fixed parameter) and the space maps to and from it, so they never see parameter types.
/// Conditional parameters must come after their parent.
/// </summary>
public sealed class SearchSpace
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly Dictionary<string, int> _index;

    /// <summary>Builds a space; throws <see cref="ArgumentException"/> on duplicate names or a condition whose parent is missing or later.</summary>
    public SearchSpace(IEnumerable<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i] ?? throw new ArgumentException("A search space cannot contain a null parameter.");
            p.Validate();
            if (!_index.TryAdd(p.Name, i)) throw new ArgumentException($"Search space: duplicate parameter name '{p.Name}'.");
            if (p.Condition is { } c)
            {
                if (!_index.TryGetValue(c.Parent, out var parent))
                    throw new ArgumentException($"Parameter '{p.Name}': condition parent '{c.Parent}' must be defined before it.");
                foreach (var v in c.Values)
                    if (!Parameters[parent].Contains(v))
                        throw new ArgumentException($"Parameter '{p.Name}': condition value '{v}' is not a value of '{c.Parent}'.");
            }
        }
        Dimensions = Parameters.Where(p => p.HasDimension).ToArray();
    }

    /// <summary>Builds a space from parameters.</summary>
    public SearchSpace(params Parameter[] parameters) : this((IEnumerable<Parameter>)parameters) { }

    /// <summary>All parameters, in definition order.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The parameters that own a unit-cube coordinate, in order (all but fixed ones).</summary>
    public IReadOnlyList<Parameter> Dimensions { get; }

    /// <summary>Number of unit-cube coordinates.</summary>
    public int DimensionCount => Dimensions.Count;

    /// <summary>The parameter called <paramref name="name"/>.</summary>
    public Parameter this[string name] => _index.TryGetValue(name, out var i) ? Parameters[i] : throw new KeyNotFoundException($"No parameter '{name}' in the search space.");

    /// <summary>True when the space has a parameter called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>Total number of distinct parameter sets, or null when some active parameter is continuous.</summary>
    public long? Cardinality
    {
        get
        {
            try { return CountFrom(0, new Dictionary<string, object>()); }
            catch (InvalidOperationException) { return null; }
        }
    }

    private long CountFrom(int i, Dictionary<string, object> partial)
    {
        if (i == Parameters.Count) return 1;
        var p = Parameters[i];
        if (!IsActive(p, partial)) return CountFrom(i + 1, partial);
        if (p.Cardinality is null) throw new InvalidOperationException();
        if (!Parameters.Skip(i + 1).Any(q => q.Condition?.Parent == p.Name))
            return checked(p.Cardinality.Value * CountFrom(i + 1, partial));
        long total = 0;
        foreach (var v in p.GridValues(int.MaxValue))
        {
            partial[p.Name] = v;
            total = checked(total + CountFrom(i + 1, partial));
        }
        partial.Remove(p.Name);
        return total;
    }

    /// <summary>True when <paramref name="p"/> is active given the (partial) values of earlier parameters.</summary>
    public bool IsActive(Parameter p, IReadOnlyDictionary<string, object> values)
    {
        if (p.Condition is not { } c) return true;
        return values.TryGetValue(c.Parent, out var v) && c.IsSatisfiedBy(v);
    }

    /// <summary>Maps a unit-cube point (length <see cref="DimensionCount"/>) to a parameter set; inactive parameters are left out.</summary>
    public ParameterSet FromUnit(ReadOnlySpan<double> unit)
    {
        if (unit.Length != DimensionCount) throw new ArgumentException($"Expected {DimensionCount} coordinates, got {unit.Length}.");
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var d = 0;
        foreach (var p in Parameters)
        {
            var u = p.HasDimension ? unit[d++] : 0.5;
            if (IsActive(p, values)) values[p.Name] = p.FromUnit(u);
        }
        return new ParameterSet(values, Parameters.Select(p => p.Name));
    }

    /// <summary>Maps a parameter set to the unit cube; inactive or missing parameters map to 0.5.</summary>
    public double[] ToUnit(ParameterSet parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var unit = new double[DimensionCount];
        for (var d = 0; d < Dimensions.Count; d++)
        {
            var p = Dimensions[d];
            unit[d] = parameters.TryGetValue(p.Name, out var v) ? p.ToUnit(v) : 0.5;
        }
        return unit;
    }

    /// <summary>
    /// Checks a parameter set against the space: every active parameter present with a legal value, no inactive or unknown ones.
    /// Returns null when valid, otherwise a message naming the parameter.
    /// </summary>
    public string? Validate(ParameterSet parameters)
    {
        foreach (var name in parameters.Keys)
            if (!_index.ContainsKey(name)) return $"unknown parameter '{name}'";
        var seen = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in Parameters)
        {
            var active = IsActive(p, seen);
            var has = parameters.TryGetValue(p.Name, out var v);
            if (active && !has) return $"parameter '{p.Name}' is active but missing";
            if (!active && has) return $"parameter '{p.Name}' is inactive but present";
            if (has)
            {
                if (!p.Contains(v!)) return $"parameter '{p.Name}' = {ParameterValues.Format(v!)} is outside its range";
                seen[p.Name] = v!;
            }
        }
        return null;
    }

    /// <summary>Converts loosely typed values (for example read from JSON) to each parameter's canonical type, in space order.</summary>
    public ParameterSet Normalize(IReadOnlyDictionary<string, object> values)
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in values)
            result[k] = _index.TryGetValue(k, out var i) ? Parameters[i].Normalize(v) : ParameterValues.Canonical(v);
        return new ParameterSet(result, Parameters.Select(p => p.Name));
    }

    /// <summary>The space as JSON (parameters with a <c>type</c> discriminator).</summary>
    public string ToJson() => JsonSerializer.Serialize(Parameters, Json);

    /// <summary>Reads a space written by <see cref="ToJson"/>.</summary>
    public static SearchSpace FromJson(string json)
    {
        var ps = JsonSerializer.Deserialize<Parameter[]>(json, Json) ?? throw new JsonException("Search space JSON is empty.");
        return new SearchSpace(ps);
    }

    /// <inheritdoc />
    public override string ToString() => ToJson();
}
