using System.Text.Json;
using System.Text.Json.Serialization;

namespace DeepRoad.Tuning.Spaces;

/// <summary>A parameter with one value; it is part of every parameter set but owns no unit-cube dimension.</summary>
public sealed record FixedParameter : Parameter
{
    /// <summary>The value, in canonical form.</summary>
    [JsonConverter(typeof(ValueJsonConverter))]
    public required object Value { get; init; }

    /// <inheritdoc />
    public override bool HasDimension => false;

    /// <inheritdoc />
    public override int? Cardinality => 1;

    /// <inheritdoc />
    public override object Default => Value;

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Parameter name is empty.");
        ParameterValues.Canonical(Value);
    }

    /// <inheritdoc />
    public override double ToUnit(object value) => 0.5;

    /// <inheritdoc />
    public override object FromUnit(double unit) => Value;

    /// <inheritdoc />
    public override object Normalize(object value) => Value;

    /// <inheritdoc />
    public override bool Contains(object value) => ParameterValues.AreEqual(value, Value);

    /// <inheritdoc />
    public override IReadOnlyList<object> GridValues(int resolution) => [Value];

    /// <inheritdoc />
    public bool Equals(FixedParameter? other) => other is not null && base.Equals(other) && ParameterValues.AreEqual(Value, other.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), ParameterValues.Format(Value));
}

/// <summary>Reads and writes a single parameter value as a JSON primitive.</summary>
public sealed class ValueJsonConverter : JsonConverter<object>
{
    /// <inheritdoc />
    public override object Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        return ParameterValues.FromJson(doc.RootElement);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options) => ParameterValues.WriteJson(writer, value);
}
