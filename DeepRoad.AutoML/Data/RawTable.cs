using System.Globalization;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;

namespace DeepRoad.AutoML.Data;

/// <summary>
/// Column-major in-memory table typed by a <see cref="DatasetSchema"/>: numeric columns as float (NaN = missing),
/// the others as strings, the label as class index or value. Row subsets are views by index, never copies.
/// </summary>
internal sealed class RawTable
{
    public required DatasetSchema Schema { get; init; }
    public required int RowCount { get; init; }
    public required Dictionary<string, float[]> Numbers { get; init; }
    public required Dictionary<string, string?[]> Strings { get; init; }
    /// <summary>Class index (classification) or value (regression); null when the data has no label.</summary>
    public float[]? Label { get; init; }

    public static RawTable FromCsv(CsvText csv, DatasetSchema schema, bool requireLabel)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < csv.Header.Length; i++) index[csv.Header[i]] = i;
        var missing = schema.Features.Select(c => c.Name).Where(n => !index.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new DeepRoadDataException($"{csv.Path}: missing input column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} that the model needs.") { File = csv.Path, Column = missing[0] };
        int n = csv.Rows.Count;
        var numbers = new Dictionary<string, float[]>();
        var strings = new Dictionary<string, string?[]>();
        string? dir = Path.GetDirectoryName(Path.GetFullPath(csv.Path));
        foreach (var col in schema.Features)
        {
            int j = index[col.Name];
            if (col.Kind == ColumnKind.Numeric)
            {
                var v = new float[n];
                for (int r = 0; r < n; r++)
                {
                    var s = csv.Rows[r][j];
                    if (IsMissingNumber(s)) v[r] = float.NaN;
                    else if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) v[r] = (float)d;
                    else throw new DeepRoadDataException($"{csv.Path}, line {r + 2}, column '{col.Name}': '{s}' is not a number.") { File = csv.Path, Line = r + 2, Column = col.Name };
                }
                numbers[col.Name] = v;
            }
            else
            {
                var v = new string?[n];
                for (int r = 0; r < n; r++)
                {
                    var s = csv.Rows[r][j];
                    if (col.Kind == ColumnKind.ImagePath && !string.IsNullOrEmpty(s))
                    {
                        var full = Path.IsPathRooted(s) ? s : Path.GetFullPath(Path.Combine(dir ?? ".", s));
                        if (!File.Exists(full))
                            throw new DeepRoadDataException($"{csv.Path}, line {r + 2}, column '{col.Name}': image '{s}' does not exist.") { File = csv.Path, Line = r + 2, Column = col.Name };
                        s = full;
                    }
                    v[r] = string.IsNullOrEmpty(s) ? null : s;
                }
                strings[col.Name] = v;
            }
        }
        float[]? label = null;
        if (index.TryGetValue(schema.LabelColumn, out int li))
        {
            label = new float[n];
            for (int r = 0; r < n; r++) label[r] = ParseLabel(csv.Rows[r][li], schema, csv.Path, r + 2);
        }
        else if (requireLabel)
            throw new DeepRoadDataException($"{csv.Path}: label column '{schema.LabelColumn}' not found; columns are {string.Join(", ", csv.Header)}.") { File = csv.Path, Column = schema.LabelColumn };
        return new RawTable { Schema = schema, RowCount = n, Numbers = numbers, Strings = strings, Label = label };
    }

    private static float ParseLabel(string? s, DatasetSchema schema, string path, int line)
    {
        if (string.IsNullOrWhiteSpace(s))
            throw new DeepRoadDataException($"{path}, line {line}, column '{schema.LabelColumn}': the label is missing.") { File = path, Line = line, Column = schema.LabelColumn };
        if (schema.Task == MLTask.Regression)
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || double.IsNaN(d))
                throw new DeepRoadDataException($"{path}, line {line}, column '{schema.LabelColumn}': '{s}' is not a number.") { File = path, Line = line, Column = schema.LabelColumn };
            return (float)d;
        }
        int k = IndexOfClass(schema.ClassNames, s.Trim());
        if (k < 0)
            throw new DeepRoadDataException($"{path}, line {line}, column '{schema.LabelColumn}': class '{s}' was not seen in training (classes: {string.Join(", ", schema.ClassNames)}).") { File = path, Line = line, Column = schema.LabelColumn };
        return k;
    }

    // Missing-value tokens of DeepRoad.Pipelines (cells from dictionaries may hold them).
    private static bool IsMissingNumber(string? s) =>
        s is null || DataLoadOptions.DefaultMissingValueTokens.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase);

    internal static int IndexOfClass(IReadOnlyList<string> classes, string s)
    {
        for (int i = 0; i < classes.Count; i++) if (classes[i] == s) return i;
        for (int i = 0; i < classes.Count; i++) if (string.Equals(classes[i], s, StringComparison.OrdinalIgnoreCase)) return i;
        // numeric labels written differently ("1" vs "1.0")
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            for (int i = 0; i < classes.Count; i++)
                if (double.TryParse(classes[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) && c == d) return i;
        return -1;
    }

    /// <summary>One row per dictionary (column name to value); used by Predict.</summary>
    public static RawTable FromDictionaries(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, DatasetSchema schema)
    {
        var header = schema.Features.Select(c => c.Name).ToArray();
        var missing = header.Where(h => rows.Any(r => !r.ContainsKey(h))).ToList();
        if (missing.Count > 0) throw new ArgumentException($"input row is missing column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        var cells = rows.Select(r => header.Select(h => ToCell(r[h])).ToArray()).ToList();
        return FromCsv(new CsvText { Path = "(input rows)", Header = header, Rows = cells }, schema, requireLabel: false);
    }

    /// <summary>A table with no rows (for schemas).</summary>
    public static RawTable Empty(DatasetSchema schema) => new()
    {
        Schema = schema,
        RowCount = 0,
        Numbers = schema.Features.Where(c => c.Kind == ColumnKind.Numeric).ToDictionary(c => c.Name, _ => Array.Empty<float>()),
        Strings = schema.Features.Where(c => c.Kind != ColumnKind.Numeric).ToDictionary(c => c.Name, _ => Array.Empty<string?>()),
    };

    /// <summary>The same rows with one column's values permuted (seeded); for permutation importance.</summary>
    public RawTable WithPermuted(string column, Random rng)
    {
        var numbers = new Dictionary<string, float[]>(Numbers);
        var strings = new Dictionary<string, string?[]>(Strings);
        if (numbers.TryGetValue(column, out var f)) { var c = (float[])f.Clone(); rng.Shuffle(c); numbers[column] = c; }
        else { var c = (string?[])strings[column].Clone(); rng.Shuffle(c); strings[column] = c; }
        return new RawTable { Schema = Schema, RowCount = RowCount, Numbers = numbers, Strings = strings, Label = Label };
    }

    internal static string? ToCell(object? v) => v switch
    {
        null => null,
        string s => s,
        float f => float.IsNaN(f) ? null : f.ToString("R", CultureInfo.InvariantCulture),
        double d => double.IsNaN(d) ? null : d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        ReadOnlyMemory<char> m => m.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
