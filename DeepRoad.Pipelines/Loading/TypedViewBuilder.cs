using DeepRoad.Pipelines.Schema;

namespace DeepRoad.Pipelines.Loading;

/// <summary>Turns a raw table into a typed <see cref="InMemoryDataView"/> following a schema.</summary>
internal static class TypedViewBuilder
{
    /// <summary>
    /// Builds the view. Columns of <paramref name="schema"/> must exist in <paramref name="table"/>, except the label
    /// when <paramref name="labelOptional"/> (prediction-time data has none). Values that do not fit the schema's type
    /// (a word in a numeric column) raise an error naming the line and column.
    /// </summary>
    public static InMemoryDataView Build(RawTable table, InferredSchema schema, bool labelOptional)
    {
        var columns = new List<(string, Array)>(schema.Columns.Count);
        bool labelNumeric = schema.Label is { } li && li.Classes.Count > 0 && li.Classes.All(c => NumberText.TryParse(c, out _));
        var dates = new Dictionary<string, DateTime?[]>(StringComparer.Ordinal);
        // Every missing column is named at once (a date's parts share their source column), not only the first.
        var missing = schema.Columns.Where(c => table.Find(c.SourceName) is null && !(c.Role == ColumnRole.Label && labelOptional))
            .Select(c => c.SourceName).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new DeepRoadDataException(
                $"{table.SourceName}: {(missing.Count == 1 ? "column" : "columns")} {string.Join(", ", missing.Select(m => $"'{m}'"))} " +
                $"{(missing.Count == 1 ? "is" : "are")} missing (the training data has {(missing.Count == 1 ? "it" : "them")}). " +
                $"Columns here: {string.Join(", ", table.Columns.Select(c => c.Name))}.")
            { File = table.FilePath, Column = missing[0] };
        foreach (var info in schema.Columns)
        {
            var raw = table.Find(info.SourceName);
            if (raw is null) continue; // the label, optional here
            if (info.Date is { } date)
            {
                // A part of a date column: parsed once per source column, then one float per row (NaN where missing).
                if (!dates.TryGetValue(date.Source, out var parsed))
                    dates[date.Source] = parsed = DateColumns.ParseColumn(table, raw, date.Layout);
                columns.Add((info.Name, parsed.Select(d => d is { } v ? DateColumns.Part(v, date.Part) : float.NaN).ToArray()));
                continue;
            }
            Array values = info.Kind switch
            {
                ColumnValueKind.Single => ToSingles(table, raw, schema.Source, info),
                ColumnValueKind.Boolean => ToBooleans(table, raw),
                _ => info.Role == ColumnRole.Label ? ToClassNames(table, raw, labelNumeric) : ToText(table, raw),
            };
            columns.Add((info.Name, values));
        }
        return new InMemoryDataView(columns, table.RowCount);
    }

    private static float[] ToSingles(RawTable table, RawColumn raw, string trainingSource, ColumnInfo info)
    {
        var result = new float[table.RowCount];
        for (int r = 0; r < result.Length; r++)
        {
            switch (raw.Kind)
            {
                case RawKind.Number:
                    result[r] = (float)raw.Numbers![r];
                    break;
                case RawKind.Boolean:
                    result[r] = raw.Booleans![r] is { } b ? (b ? 1f : 0f) : float.NaN;
                    break;
                default:
                    string? s = raw.Text![r];
                    if (s is null) { result[r] = float.NaN; break; }
                    if (!NumberText.TryParse(s, info.Unit, out double v))
                    {
                        if (info.MissingTokens is { } words && words.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase)) { result[r] = float.NaN; break; }
                        throw new DeepRoadDataException(
                            $"{table.Where(r)}, column '{raw.Name}': '{Short(s)}' is not a number{(info.Unit is { } u ? $" in '{u}'" : "")} (the column is numeric in {trainingSource}).")
                        { File = table.FilePath, Line = table.LineNumbers?[r], Column = raw.Name };
                    }
                    result[r] = (float)v;
                    break;
            }
        }
        return result;
    }

    private static bool[] ToBooleans(RawTable table, RawColumn raw)
    {
        var result = new bool[table.RowCount];
        for (int r = 0; r < result.Length; r++)
        {
            string? s = raw.AsText(r);
            if (s is not null && bool.TryParse(s.Trim(), out bool b)) { result[r] = b; continue; }
            if (raw.Kind == RawKind.Number && NumberText.TryParse(s ?? "", out double v) && v is 0 or 1) { result[r] = v == 1; continue; }
            throw new DeepRoadDataException(
                $"{table.Where(r)}, column '{raw.Name}': {(s is null ? "missing value" : $"'{Short(s)}'")} in a true/false column.")
            { File = table.FilePath, Line = table.LineNumbers?[r], Column = raw.Name };
        }
        return result;
    }

    private static ReadOnlyMemory<char>[] ToText(RawTable table, RawColumn raw)
    {
        var result = new ReadOnlyMemory<char>[table.RowCount];
        for (int r = 0; r < result.Length; r++) result[r] = (raw.AsText(r) ?? "").AsMemory();
        return result;
    }

    private static ReadOnlyMemory<char>[] ToClassNames(RawTable table, RawColumn raw, bool numeric)
    {
        var result = new ReadOnlyMemory<char>[table.RowCount];
        for (int r = 0; r < result.Length; r++) result[r] = (SchemaInferrer.ClassName(raw, r, numeric, out _) ?? "").AsMemory();
        return result;
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
