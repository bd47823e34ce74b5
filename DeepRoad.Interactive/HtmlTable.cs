using System.Globalization;
using System.Net;
using System.Text;

namespace DeepRoad.Interactive;

/// <summary>Builds small HTML tables for notebook output (values HTML-encoded, numbers in invariant culture).</summary>
public static class HtmlTable
{
    /// <summary>A table with a header row; a row whose index is in <paramref name="boldRows"/> is printed in bold.</summary>
    public static string Build(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<object?>> rows, string? caption = null,
        IReadOnlySet<int>? boldRows = null)
    {
        var sb = new StringBuilder("<table>");
        if (caption != null) sb.Append("<caption>").Append(WebUtility.HtmlEncode(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        int i = 0;
        foreach (var row in rows)
        {
            bool bold = boldRows?.Contains(i++) == true;
            sb.Append("<tr>");
            foreach (var cell in row)
            {
                string text = WebUtility.HtmlEncode(Format(cell));
                sb.Append(cell is double or float or int or long ? "<td style=\"text-align:right\">" : "<td>")
                  .Append(bold ? $"<b>{text}</b>" : text).Append("</td>");
            }
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>Formats a cell: doubles with 4 decimals, NaN and null as a dash, time spans in seconds.</summary>
    public static string Format(object? value) => value switch
    {
        null => "–",
        double d when double.IsNaN(d) => "–",
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("0.####", CultureInfo.InvariantCulture),
        TimeSpan t => t.TotalSeconds.ToString("0.00 's'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
