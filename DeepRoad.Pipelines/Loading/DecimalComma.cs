using System.Text.RegularExpressions;

namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// Numbers written with a decimal comma (1,5 and 1.234,5), as spreadsheets in most of Europe export them with ';' as the
/// separator, with a currency symbol or a percent sign allowed around them ("1.234,50 €", "12,5 %"). A column is
/// rewritten to invariant numbers (without the symbols) when every non-missing value is such a number and at least
/// one has a comma; other columns are left alone. Each file is checked on its own, so training, test and prediction
/// files written the same way read the same way.
/// </summary>
internal static partial class DecimalComma
{
    // An integer part (plain, or in groups of three after dots) and an optional comma with decimals; a sign, a currency
    // symbol before or after, a percent sign after.
    [GeneratedRegex(@"^\s*(?<sign>[+-])?\s*" + NumberText.Currency + @"?\s*(?<sign2>[+-])?(?<num>(\d{1,3}(\.\d{3})+|\d+)(,\d+)?)\s*" + NumberText.Currency + @"?\s*%?\s*$")]
    private static partial Regex Number();

    /// <summary>
    /// Rewrites the decimal-comma columns of a table read with <paramref name="separator"/>. <paramref name="enabled"/>
    /// null: only when the separator is not a comma (a ',' separator forces quoted decimal commas, which is rare);
    /// true: always; false: never. Returns the names of the columns rewritten.
    /// </summary>
    public static IReadOnlyList<string> Normalize(List<string?>[] columns, string[] names, char separator, bool? enabled)
    {
        if (enabled == false || (enabled is null && separator == ',')) return [];
        var changed = new List<string>();
        for (int c = 0; c < columns.Length; c++)
        {
            var values = columns[c];
            bool anyComma = false, all = true, any = false;
            foreach (var v in values)
            {
                if (v is null) continue;
                any = true;
                if (!Number().IsMatch(v)) { all = false; break; }
                if (v.Contains(',')) anyComma = true;
            }
            if (!any || !all || !anyComma) continue;
            for (int r = 0; r < values.Count; r++)
            {
                if (values[r] is not { } v) continue;
                var m = Number().Match(v);
                bool negative = m.Groups["sign"].Value == "-" || m.Groups["sign2"].Value == "-";
                values[r] = (negative ? "-" : "") + m.Groups["num"].Value.Replace(".", "").Replace(',', '.');
            }
            changed.Add(names[c]);
        }
        return changed;
    }
}
