using System.Globalization;
using System.Text.RegularExpressions;

namespace DeepRoad.Pipelines.Loading;

/// <summary>Culture-invariant number parsing and formatting used by loading and inference.</summary>
internal static partial class NumberText
{
    private const NumberStyles Style = NumberStyles.Float;

    /// <summary>
    /// An invariant number ("12.5", "-3", "1e3"), or one written the way spreadsheets and reports format amounts
    /// (<see cref="TryParseFormatted"/>): "$1,234.50", "1,234,567", "5.2%", "-€3", "12 £".
    /// </summary>
    public static bool TryParse(string s, out double value)
        => double.TryParse(s, Style, CultureInfo.InvariantCulture, out value) || TryParseFormatted(s, out value);

    /// <summary>The currency symbols read around amounts, as a regex character class (shared with <c>DecimalComma</c>).</summary>
    internal const string Currency = "[$€£¥₹]";

    // An optional sign, an optional currency symbol before or after, digits with or without thousands commas in groups of
    // three, optional decimals, an optional percent sign.
    [GeneratedRegex(@"^\s*(?<sign>[+-])?\s*(?<pre>" + Currency + @")?\s*(?<sign2>[+-])?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?<post>" + Currency + @")?\s*(?<pct>%)?\s*$")]
    private static partial Regex Formatted();

    /// <summary>
    /// A number with a currency symbol ($ € £ ¥ ₹, before or after it), thousands separators in groups of three, or a
    /// trailing percent sign. The value is the number as written: "$1,234.50" is 1234.5 and "5.2%" is 5.2, so a file
    /// that writes the same column without the symbol ("5.2") reads the same. Commas that are not in groups of three
    /// ("1,23", "12,5") are not numbers here; decimal commas are handled for a whole column by <c>DecimalComma</c>.
    /// </summary>
    public static bool TryParseFormatted(string s, out double value)
    {
        value = 0;
        if (s.Length == 0 || s.Length > 64) return false;
        var m = Formatted().Match(s);
        if (!m.Success) return false;
        bool pre = m.Groups["pre"].Success, post = m.Groups["post"].Success, pct = m.Groups["pct"].Success;
        string num = m.Groups["num"].Value;
        // A plain number needs no pattern (the invariant parse failed on something else, e.g. blanks around a sign);
        // one currency symbol, not two and not with a percent sign; one sign.
        if (!(pre || post || pct || num.Contains(','))) return false;
        if ((pre && post) || ((pre || post) && pct) || (m.Groups["sign"].Success && m.Groups["sign2"].Success)) return false;
        if (!double.TryParse(num.Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value)) return false;
        if ((m.Groups["sign"].Success ? m.Groups["sign"].Value : m.Groups["sign2"].Value) == "-") value = -value;
        return true;
    }

    // A number (thousands commas allowed) followed by a unit: a word of letters, possibly with '/', '.', '²', '³' or '°'
    // ("1248 CC", "74 bhp", "23.4 km/l", "2.0L", "1,200 sq.ft", "5 years").
    [GeneratedRegex(@"^\s*(?<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)\s*(?<unit>\p{L}[\p{L}/.²³°]{0,11})\s*$")]
    private static partial Regex WithUnit();

    // A clock time or a duration: hours (up to three digits), minutes, optional seconds and fraction ("14:30", "7:05:30", "125:00").
    [GeneratedRegex(@"^\s*(?<h>\d{1,3}):(?<m>[0-5]\d)(?::(?<s>[0-5]\d(?:\.\d+)?))?\s*$")]
    private static partial Regex Clock();

    /// <summary>The unit <see cref="TryParseWithUnit"/> gives clock times and durations ("14:30" is 14.5 hours).</summary>
    public const string ClockUnit = "h:mm";

    /// <summary>
    /// A number followed by a unit word ("1248 CC", "5 years"): the number, and the unit as <see cref="UnitKey"/> writes it.
    /// A clock time or duration ("14:30", "7:05:30") is a number of hours, its unit <see cref="ClockUnit"/>.
    /// </summary>
    public static bool TryParseWithUnit(string s, out double value, out string unit)
    {
        value = 0;
        unit = "";
        if (s.Length == 0 || s.Length > 64) return false;
        if (Clock().Match(s) is { Success: true } c)
        {
            value = int.Parse(c.Groups["h"].Value, CultureInfo.InvariantCulture) + int.Parse(c.Groups["m"].Value, CultureInfo.InvariantCulture) / 60.0
                + (c.Groups["s"].Success ? double.Parse(c.Groups["s"].Value, CultureInfo.InvariantCulture) / 3600 : 0);
            unit = ClockUnit;
            return true;
        }
        var m = WithUnit().Match(s);
        if (!m.Success || !double.TryParse(m.Groups["num"].Value.Replace(",", ""), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            return false;
        unit = UnitKey(m.Groups["unit"].Value);
        return true;
    }

    /// <summary>A unit compared ignoring case, a trailing period and a plural 's' ("Years", "year", "yrs." and "yr" are two units: "year" and "yr").</summary>
    public static string UnitKey(string unit)
    {
        string u = unit.TrimEnd('.').ToLowerInvariant();
        return u.Length > 2 && u[^1] == 's' ? u[..^1] : u;
    }

    /// <summary>
    /// A number as <see cref="TryParse(string, out double)"/> reads it, or, for a column read with a unit
    /// (<paramref name="unit"/> not null), a number followed by that unit.
    /// </summary>
    public static bool TryParse(string s, string? unit, out double value) =>
        TryParse(s, out value) || (unit is not null && TryParseWithUnit(s, out value, out string u) && u == unit);

    /// <summary>Shortest round-trip text: 1.0 becomes "1", 0.5 stays "0.5".</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
