using System.Globalization;
using System.Text.Json;

namespace DeepRoad.Tuning.Spaces;

/// <summary>
/// Canonical forms of parameter values. Values are <see cref="double"/> (floats), <see cref="int"/> (integers and
/// integral categorical choices; <see cref="long"/> when out of range), <see cref="string"/> (text and enum names)
/// or <see cref="bool"/>, so that they survive a JSON round trip unchanged.
/// </summary>
public static class ParameterValues
{
    /// <summary>Converts a value to its canonical form (enums become their names, JSON elements their primitive).</summary>
    public static object Canonical(object? value)
    {
        switch (value)
        {
            case null: throw new ArgumentException("Parameter values cannot be null.");
            case string or bool or double or int: return value;
            case Enum e: return e.ToString();
            case float f: return (double)f;
            case decimal m: return (double)m;
            case long l: return l is >= int.MinValue and <= int.MaxValue ? (int)l : l;
            case short or byte or sbyte or ushort: return Convert.ToInt32(value, CultureInfo.InvariantCulture);
            case uint or ulong: return Canonical(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case JsonElement el: return FromJson(el);
            default: throw new ArgumentException($"Unsupported parameter value type {value.GetType().Name}; use string, number, bool or enum.");
        }
    }

    /// <summary>Reads a JSON primitive: integral numbers become int (or long), other numbers double.</summary>
    public static object FromJson(JsonElement el) => el.ValueKind switch
    {
        JsonValueKind.String => el.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when el.TryGetInt32(out var i) => i,
        JsonValueKind.Number when el.TryGetInt64(out var l) => l,
        JsonValueKind.Number => el.GetDouble(),
        _ => throw new JsonException($"Parameter values must be JSON strings, numbers or booleans, not {el.ValueKind}."),
    };

    /// <summary>Writes a canonical value as a JSON primitive.</summary>
    public static void WriteJson(Utf8JsonWriter writer, object value)
    {
        switch (Canonical(value))
        {
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
        }
    }

    /// <summary>Equality that treats 3, 3L and 3.0 alike and compares strings ordinally.</summary>
    public static bool AreEqual(object? a, object? b)
    {
        if (a is null || b is null) return a is null && b is null;
        a = Canonical(a);
        b = Canonical(b);
        if (IsNumber(a) && IsNumber(b)) return Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture);
        return a.Equals(b);
    }

    /// <summary>Invariant text of a value (round-trippable for doubles).</summary>
    public static string Format(object value) => Canonical(value) switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var v => v.ToString() ?? "",
    };

    internal static bool IsNumber(object v) => v is int or long or double;

    internal static double ToDouble(object v, string name) => Canonical(v) switch
    {
        int i => i,
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        var o => throw new ArgumentException($"Parameter '{name}': value '{o}' is not a number."),
    };
}
