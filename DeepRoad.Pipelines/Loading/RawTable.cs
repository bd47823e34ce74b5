namespace DeepRoad.Pipelines.Loading;

/// <summary>How a raw column's values are held before schema inference decides their type.</summary>
internal enum RawKind
{
    Text,
    Number,
    Boolean,
}

/// <summary>One column of a source as read, before inference: text (null = missing), numbers (NaN = missing) or booleans.</summary>
internal sealed class RawColumn
{
    public required string Name { get; init; }

    public required RawKind Kind { get; init; }

    public string?[]? Text { get; init; }

    public double[]? Numbers { get; init; }

    /// <summary>
    /// For a <see cref="RawKind.Number"/> column read from text: the value as written where its number would not give
    /// it back ("007", "+5", " 5", "1e3", integers of more than 15 digits), else null (the array itself is null when no
    /// value needs it). Plain decimals are given back in shortest form ("12.50" as "12.5", the same number).
    /// <see cref="AsText"/> uses it, so a code column keeps its leading zeros.
    /// </summary>
    public string?[]? Originals { get; init; }

    public bool?[]? Booleans { get; init; }

    public bool IsMissing(int row) => Kind switch
    {
        RawKind.Text => Text![row] is null,
        RawKind.Number => double.IsNaN(Numbers![row]),
        _ => Booleans![row] is null,
    };

    /// <summary>The value as text (invariant culture), or null when missing.</summary>
    public string? AsText(int row) => Kind switch
    {
        RawKind.Text => Text![row],
        RawKind.Number => double.IsNaN(Numbers![row]) ? null : Originals?[row] ?? NumberText.Format(Numbers[row]),
        _ => Booleans![row] is { } b ? (b ? "true" : "false") : null,
    };
}

/// <summary>A source read into memory column by column, with where it came from for error messages.</summary>
internal sealed class RawTable
{
    public required string SourceName { get; init; }

    /// <summary>The file path when the source is a file, for messages with line numbers.</summary>
    public string? FilePath { get; init; }

    /// <summary>The folder relative image paths resolve against.</summary>
    public string? BaseDirectory { get; init; }

    public required List<RawColumn> Columns { get; init; }

    public required int RowCount { get; init; }

    /// <summary>1-based line of each row in the file (rows may span lines); null for non-file sources.</summary>
    public long[]? LineNumbers { get; init; }

    /// <summary>"file.csv: line 12" or "source: row 12" for messages.</summary>
    public string Where(int row) => LineNumbers is { } lines
        ? $"{SourceName}: line {lines[row]}"
        : $"{SourceName}: row {row + 1}";

    public RawColumn? Find(string name) => Columns.FirstOrDefault(c => c.Name == name);
}

/// <summary>Row filtering on raw tables.</summary>
internal static class RawTableExtensions
{
    /// <summary>The table with only the rows where <paramref name="keep"/> is true.</summary>
    public static RawTable KeepRows(this RawTable table, bool[] keep)
    {
        int n = keep.Count(k => k);
        T[] Take<T>(T[] source)
        {
            var result = new T[n];
            for (int r = 0, j = 0; r < source.Length; r++) if (keep[r]) result[j++] = source[r];
            return result;
        }
        return new RawTable
        {
            SourceName = table.SourceName,
            FilePath = table.FilePath,
            BaseDirectory = table.BaseDirectory,
            RowCount = n,
            LineNumbers = table.LineNumbers is null ? null : Take(table.LineNumbers),
            Columns = table.Columns.Select(c => new RawColumn
            {
                Name = c.Name,
                Kind = c.Kind,
                Text = c.Text is null ? null : Take(c.Text),
                Numbers = c.Numbers is null ? null : Take(c.Numbers),
                Originals = c.Originals is null ? null : Take(c.Originals),
                Booleans = c.Booleans is null ? null : Take(c.Booleans),
            }).ToList(),
        };
    }
}
