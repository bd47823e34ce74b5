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

    // An optional sign, an optional currency symbol before or after, digits with or without thousands commas in groups of
    // three, optional decimals, an optional percent sign.
    [GeneratedRegex(@"^\s*(?<sign>[+-])?\s*(?<pre>[$€£¥₹])?\s*(?<sign2>[+-])?(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*(?<post>[$€£¥₹])?\s*(?<pct>%)?\s*$")]
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

    /// <summary>Shortest round-trip text: 1.0 becomes "1", 0.5 stays "0.5".</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
