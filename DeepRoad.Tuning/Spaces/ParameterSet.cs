using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace DeepRoad.Tuning.Spaces;

/// <summary>
/// The values of one candidate: parameter name to canonical value (see <see cref="ParameterValues"/>). Immutable,
/// compared by value, JSON round-trippable, and bindable to a typed options record with <see cref="Bind{T}"/>.
/// </summary>
public sealed class ParameterSet : IReadOnlyDictionary<string, object>, IEquatable<ParameterSet>
{
    private readonly Dictionary<string, object> _values;
    private readonly string[] _order;

    /// <summary>Creates a set; values are converted to canonical form.</summary>
    public ParameterSet(IReadOnlyDictionary<string, object> values) : this(values, values.Keys) { }

    internal ParameterSet(IReadOnlyDictionary<string, object> values, IEnumerable<string> order)
    {
        _values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (k, v) in values) _values[k] = ParameterValues.Canonical(v);
        var ordered = order.Where(_values.ContainsKey).Distinct().ToList();
        ordered.AddRange(_values.Keys.Where(k => !ordered.Contains(k)).OrderBy(k => k, StringComparer.Ordinal));
        _order = ordered.ToArray();
        Key = BuildKey();
    }

    /// <summary>An empty set.</summary>
    public static ParameterSet Empty { get; } = new(new Dictionary<string, object>());

    /// <summary>Canonical text of the set (sorted names); equal sets have equal keys.</summary>
    public string Key { get; }

    private string BuildKey()
    {
        var sb = new StringBuilder();
        foreach (var k in _values.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var v = _values[k];
            sb.Append(k).Append('=').Append(v switch { string => "s:", bool => "b:", _ => "n:" })
              .Append(v is int or long ? Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture) : ParameterValues.Format(v)).Append(';');
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public object this[string key] => _values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"No parameter '{key}' in this parameter set.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => _order;

    /// <inheritdoc />
    public IEnumerable<object> Values => _order.Select(k => _values[k]);

    /// <inheritdoc />
    public int Count => _values.Count;

    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc />
    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _order.Select(k => new KeyValuePair<string, object>(k, _values[k])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The value as a double.</summary>
    public double GetDouble(string name) => ParameterValues.ToDouble(this[name], name);

    /// <summary>The value as an int.</summary>
    public int GetInt(string name) => (int)Math.Round(GetDouble(name));

    /// <summary>The value as a string.</summary>
    public string GetString(string name) => ParameterValues.Format(this[name]);

    /// <summary>The value converted to <typeparamref name="T"/> (numbers, string, bool, enums by name).</summary>
    public T Get<T>(string name) => (T)ParameterBinding.Convert(this[name], typeof(T), name)!;

    /// <summary>The value converted to <typeparamref name="T"/>, or <paramref name="fallback"/> when absent.</summary>
    public T GetOrDefault<T>(string name, T fallback) => _values.ContainsKey(name) ? Get<T>(name) : fallback;

    /// <summary>A copy with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public ParameterSet With(string name, object value)
    {
        var d = new Dictionary<string, object>(_values, StringComparer.Ordinal) { [name] = value };
        return new ParameterSet(d, _order.Append(name));
    }

    /// <summary>
    /// Creates <typeparamref name="T"/> (or copies <paramref name="template"/>) and sets each property or constructor
    /// parameter whose name matches a parameter (case-insensitive), converting types; unmatched properties keep their defaults.
    /// </summary>
    public T Bind<T>(T? template = null) where T : class => ParameterBinding.Bind(this, template);

    /// <summary>JSON object of name to value.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            foreach (var k in _order)
            {
                w.WritePropertyName(k);
                ParameterValues.WriteJson(w, _values[k]);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Reads a set written by <see cref="ToJson"/>; with a <paramref name="space"/> the values get the parameters' types.</summary>
    public static ParameterSet FromJson(string json, SearchSpace? space = null)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("A parameter set must be a JSON object.");
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            d[prop.Name] = ParameterValues.FromJson(prop.Value);
            order.Add(prop.Name);
        }
        return space is null ? new ParameterSet(d, order) : space.Normalize(d);
    }

    /// <inheritdoc />
    public bool Equals(ParameterSet? other) => other is not null && Key == other.Key;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ParameterSet p && Equals(p);

    /// <inheritdoc />
    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _order.Select(k => $"{k}={ParameterValues.Format(_values[k])}"));
}
