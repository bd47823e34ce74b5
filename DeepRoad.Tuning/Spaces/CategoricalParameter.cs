using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepRoad.Tuning.Spaces;

/// <summary>A parameter that takes one of a list of choices (strings, numbers, booleans; enums are kept by name).</summary>
public sealed record CategoricalParameter : Parameter
{
    /// <summary>The choices, in canonical form (see <see cref="ParameterValues"/>).</summary>
    [JsonConverter(typeof(ValueListJsonConverter))]
    public required IReadOnlyList<object> Choices { get; init; }

    /// <inheritdoc />
    public override int? Cardinality => Choices.Count;

    /// <inheritdoc />
    public override object Default => Choices[0];

    /// <summary>Index of <paramref name="value"/> among the choices, or -1.</summary>
    public int IndexOf(object value)
    {
        for (var i = 0; i < Choices.Count; i++)
            if (ParameterValues.AreEqual(Choices[i], value)) return i;
        return -1;
    }

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Parameter name is empty.");
        if (Choices is null || Choices.Count == 0) throw new ArgumentException($"Parameter '{Name}': a categorical parameter needs at least one choice.");
        for (var i = 0; i < Choices.Count; i++)
            for (var j = i + 1; j < Choices.Count; j++)
                if (ParameterValues.AreEqual(Choices[i], Choices[j]))
                    throw new ArgumentException($"Parameter '{Name}': duplicate choice '{Choices[i]}'.");
    }

    /// <inheritdoc />
    public override double ToUnit(object value)
    {
        var i = IndexOf(value);
        if (i < 0) throw new ArgumentException($"Parameter '{Name}': '{value}' is not one of its choices.");
        return BinCentre(i, Choices.Count);
    }

    /// <inheritdoc />
    public override object FromUnit(double unit) => Choices[Bin(unit, Choices.Count)];

    /// <inheritdoc />
    public override object Normalize(object value)
    {
        var i = IndexOf(ParameterValues.Canonical(value));
        return i >= 0 ? Choices[i] : throw new ArgumentException($"Parameter '{Name}': '{value}' is not one of its choices.");
    }

    /// <inheritdoc />
    public override bool Contains(object value) => IndexOf(value) >= 0;

    /// <inheritdoc />
    public override IReadOnlyList<object> GridValues(int resolution) => Choices;

    /// <inheritdoc />
    public bool Equals(CategoricalParameter? other) =>
        other is not null && base.Equals(other) && Choices.Count == other.Choices.Count &&
        Choices.Zip(other.Choices).All(p => ParameterValues.AreEqual(p.First, p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Choices.Count);
}

/// <summary>Writes a list of parameter values as JSON primitives and reads them back in canonical form.</summary>
public sealed class ValueListJsonConverter : JsonConverter<IReadOnlyList<object>>
{
    /// <inheritdoc />
    public override IReadOnlyList<object> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        if (doc.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("Expected an array of values.");
        return doc.RootElement.EnumerateArray().Select(ParameterValues.FromJson).ToArray();
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<object> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var v in value) ParameterValues.WriteJson(writer, v);
        writer.WriteEndArray();
    }
}
