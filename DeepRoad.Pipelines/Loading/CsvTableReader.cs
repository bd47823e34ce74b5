using System.Text.Unicode;
using CsvHelper;

namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// Reads a delimited text file with a header into a <see cref="RawTable"/> of strings with CsvHelper 34:
/// separator sniffing (comma, tab, semicolon, pipe), RFC 4180 quoting with embedded separators, quotes and
/// line breaks, a UTF-8 BOM, and strict checks (ragged rows, bad quoting, invalid UTF-8) whose messages
/// name the file, line and column.
/// </summary>
internal static class CsvTableReader
{
    public static RawTable Read(string path, DataLoadOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new DeepRoadDataException($"{path}: is a folder, expected a CSV or TSV file.") { File = path };
        if (!File.Exists(path))
            throw new DeepRoadDataException($"{path}: file not found.") { File = path };
        if (new FileInfo(path).Length == 0)
            throw new DeepRoadDataException($"{path}: the file is empty (expected a header row and data rows).") { File = path, Line = 1 };

        var missing = new MissingTokens(options.MissingValueTokens);
        var csvOptions = new CsvReaderOptions
        {
            Separator = options.Separator,
            HasHeader = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            PoolStrings = true,
        };

        try
        {
            using var reader = CsvReader.FromFile(path, csvOptions);
            var headers = reader.Headers;
            if (headers.Count == 0 || (headers.Count == 1 && string.IsNullOrWhiteSpace(headers[0])))
                throw new DeepRoadDataException($"{path}: the file is empty (expected a header row and data rows).") { File = path, Line = 1 };
            var names = CheckHeader(path, headers);
            int width = names.Length;
            // Pre-size from the file length (a data row is about as long as the header) so the column
            // lists do not regrow on the large-object heap, which costs gen-2 collections.
            long headerBytes = Math.Max(16, headers.Sum(h => (h?.Length ?? 0) + 1));
            int capacity = (int)Math.Clamp(new FileInfo(path).Length * 3 / (2 * headerBytes), 16, 50_000_000);
            var columns = new List<string?>[width];
            for (int i = 0; i < width; i++) columns[i] = new List<string?>(capacity);
            var lines = new List<long>(capacity);

            while (reader.Read())
            {
                if ((lines.Count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
                long line = reader.LineNumber;
                if (reader.FieldCount != width)
                    throw new DeepRoadDataException(
                        $"{path}: line {line}: the row has {reader.FieldCount} field(s) but the header has {width} " +
                        $"(ragged row; check for an unquoted '{reader.Separator}' or a missing field).")
                    { File = path, Line = line };
                for (int i = 0; i < width; i++)
                {
                    if (!Utf8.IsValid(reader.GetSpan(i)))
                        throw new DeepRoadDataException(
                            $"{path}: line {line}, column '{names[i]}': the value is not valid UTF-8 (save the file as UTF-8).")
                        { File = path, Line = line, Column = names[i] };
                    string? value = reader.GetString(i);
                    if (missing.IsMissing(value)) value = null;
                    columns[i].Add(value);
                }
                lines.Add(line);
            }

            if (lines.Count == 0)
                throw new DeepRoadDataException($"{path}: the file has a header but no data rows.") { File = path, Line = 2 };
            DecimalComma.Normalize(columns, names, reader.Separator, options.DecimalComma);

            return new RawTable
            {
                SourceName = path,
                FilePath = path,
                BaseDirectory = options.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(path)),
                Columns = names.Select((n, i) => new RawColumn { Name = n, Kind = RawKind.Text, Text = columns[i].ToArray() }).ToList(),
                RowCount = lines.Count,
                LineNumbers = lines.ToArray(),
            };
        }
        catch (CsvFormatException ex)
        {
            long line = ex.LineNumber > 0 ? ex.LineNumber : ex.RecordNumber;
            throw new DeepRoadDataException($"{path}: line {line}: {Describe(ex)}", ex) { File = path, Line = line };
        }
    }

    private static string Describe(CsvFormatException ex)
    {
        string m = ex.Message;
        if (m.Contains("unterminated", StringComparison.OrdinalIgnoreCase) || m.Contains("never closed", StringComparison.OrdinalIgnoreCase))
            return $"unterminated quote: a quoted field is never closed ({m})";
        return $"malformed CSV: {m}";
    }

    private static string[] CheckHeader(string path, IReadOnlyList<string> headers)
    {
        var names = new string[headers.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < headers.Count; i++)
        {
            string name = headers[i]?.Trim() ?? "";
            if (name.Contains('\uFFFD'))
                throw new DeepRoadDataException($"{path}: line 1, column {i + 1}: the header is not valid UTF-8 (save the file as UTF-8).")
                { File = path, Line = 1 };
            if (name.Length == 0) name = $"column{i + 1}";
            if (seen.TryGetValue(name, out int first))
                throw new DeepRoadDataException($"{path}: line 1: duplicate column name '{name}' (columns {first + 1} and {i + 1}).")
                { File = path, Line = 1, Column = name };
            seen[name] = i;
            names[i] = name;
        }
        return names;
    }
}
