using System.Text.Json.Serialization;

namespace DeepRoad.Tuning.Spaces;

/// <summary>
/// Makes a parameter active only when the parent parameter <paramref name="Parent"/> is active and takes one of
/// <paramref name="Values"/> (for example LightGbm's parameters exist only when <c>trainer = LightGbm</c>).
/// </summary>
public sealed record ParameterCondition(string Parent, [property: JsonConverter(typeof(ValueListJsonConverter))] IReadOnlyList<object> Values)
{
    /// <summary>True when <paramref name="parentValue"/> is one of the condition's values.</summary>
    public bool IsSatisfiedBy(object? parentValue) =>
        parentValue is not null && Values.Any(v => ParameterValues.AreEqual(v, parentValue));

    /// <inheritdoc />
    public bool Equals(ParameterCondition? other) =>
        other is not null && Parent == other.Parent && Values.Count == other.Values.Count &&
        Values.Zip(other.Values).All(p => ParameterValues.AreEqual(p.First, p.Second));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Parent, Values.Count);
}
