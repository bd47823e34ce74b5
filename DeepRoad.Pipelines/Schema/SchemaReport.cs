using System.Text;

namespace DeepRoad.Pipelines.Schema;

/// <summary>
/// A person-readable view of an <see cref="InferredSchema"/>: <see cref="ToString"/> renders a plain-text
/// table (column, type, role, missing, distinct, example, reason) with the task and warnings above it.
/// </summary>
public sealed class SchemaReport
{
    /// <summary>Wraps a schema.</summary>
    public SchemaReport(InferredSchema schema) => Schema = schema ?? throw new ArgumentNullException(nameof(schema));

    /// <summary>The schema reported on.</summary>
    public InferredSchema Schema { get; }

    /// <summary>The table's header cells.</summary>
    public static IReadOnlyList<string> Headers { get; } = ["column", "type", "role", "missing", "distinct", "example", "reason"];

    /// <summary>The table's rows, one per column, as text cells in <see cref="Headers"/> order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => Schema.Columns
        .Select(c => (IReadOnlyList<string>)
        [
            c.Name, c.Kind.ToString(), c.Role.ToString(),
            c.MissingCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.DistinctCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            c.Example, c.Reason,
        ])
        .ToArray();

    /// <summary>One line on the task: "task: BinaryClassification (inferred), label 'y', classes [...]".</summary>
    public string TaskLine
    {
        get
        {
            if (Schema.Label is not { } l) return "task: none (no label column named)";
            var sb = new StringBuilder($"task: {l.Task} ({(l.TaskInferred ? "inferred" : "set by caller")}), label '{l.Column}'");
            if (l.Classes.Count > 0)
            {
                var shown = l.Classes.Take(12).ToList();
                sb.Append($", {l.Classes.Count} classes [{string.Join(", ", shown)}{(l.Classes.Count > shown.Count ? ", ..." : "")}]");
            }
            if (l.PositiveClass is not null) sb.Append($", positive class '{l.PositiveClass}'");
            sb.Append($" - {l.Reason}");
            return sb.ToString();
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"source: {Schema.Source}");
        sb.AppendLine($"rows: {Schema.RowCount}, columns: {Schema.Columns.Count}");
        sb.AppendLine(TaskLine);
        var rows = Rows.Select(r => r.Select(Shorten).ToArray()).ToList();
        var widths = Headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        void Line(IReadOnlyList<string> cells)
        {
            for (int i = 0; i < cells.Count; i++)
            {
                bool right = i is 3 or 4;
                sb.Append(right ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
                if (i < cells.Count - 1) sb.Append("  ");
            }
            sb.AppendLine();
        }
        Line(Headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        foreach (var r in rows) Line(r);
        foreach (var w in Schema.Warnings) sb.AppendLine($"warning: {w}");
        return sb.ToString();
    }

    private static string Shorten(string s)
    {
        s = s.ReplaceLineEndings(" ");
        return s.Length <= 60 ? s : s[..57] + "...";
    }
}
