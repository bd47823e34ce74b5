using System.Globalization;
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
        // A folder of images, one sub-folder per class: an image-path column and the label (named as asked).
        if (Directory.Exists(path))
            return ImageFolderTable.Read(path, options.Label ?? ImageFolder.DefaultLabelColumn, ImageFolder.DefaultPathColumn, cancellationToken);
        if (!File.Exists(path))
            throw new DeepRoadDataException($"{path}: file not found.") { File = path };
        if (new FileInfo(path).Length == 0)
            throw new DeepRoadDataException($"{path}: the file is empty (expected a header row and data rows).") { File = path, Line = 1 };

        var missing = new MissingTokens(options.MissingValueTokens);
        var csvOptions = new CsvReaderOptions
        {
            Separator = options.Separator ?? OneColumnSeparator(path),
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
            var columns = new ColumnBuilder[width];
            for (int i = 0; i < width; i++) columns[i] = new ColumnBuilder(capacity);
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
                    var span = reader.GetSpan(i);
                    if (!Utf8.IsValid(span))
                        throw new DeepRoadDataException(
                            $"{path}: line {line}, column '{names[i]}': the value is not valid UTF-8 (save the file as UTF-8).")
                        { File = path, Line = line, Column = names[i] };
                    var column = columns[i];
                    if (column.IsNumber)
                    {
                        if (missing.IsMissing(span)) { column.AddMissing(); continue; }
                        if (column.TryAddNumber(span, reader, i)) continue;
                        column.SwitchToText();
                    }
                    column.AddText(missing.Clean(reader.GetString(i)));
                }
                lines.Add(line);
            }

            if (lines.Count == 0)
                throw new DeepRoadDataException($"{path}: the file has a header but no data rows.") { File = path, Line = 2 };
            // Decimal commas never parse as invariant numbers, so only columns already held as text can have them.
            var textColumns = Enumerable.Range(0, width).Where(i => !columns[i].IsNumber).ToArray();
            DecimalComma.Normalize(textColumns.Select(i => columns[i].Text!).ToArray(), textColumns.Select(i => names[i]).ToArray(), reader.Separator, options.DecimalComma);

            return new RawTable
            {
                SourceName = path,
                FilePath = path,
                BaseDirectory = options.BaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(path)),
                Columns = names.Select((n, i) => columns[i].Build(n)).ToList(),
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

    private static readonly char[] Candidates = ['\t', '|', ';', ','];

    /// <summary>
    /// For a file whose header names one column (no candidate separator in it), a separator that none of the first
    /// 1000 lines contains, so each line is one value: a one-column file of texts with commas ("great, fresh") or of
    /// decimal commas ("0,25") would otherwise be sniffed as comma-separated and every such line called ragged. Null
    /// (CsvHelper sniffs) when the header has a separator.
    /// </summary>
    private static char? OneColumnSeparator(string path)
    {
        using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        string? header = reader.ReadLine();
        if (header is null || header.IndexOfAny(Candidates) >= 0) return null;
        var seen = new HashSet<char>();
        for (int i = 0; i < 1000 && reader.ReadLine() is { } line; i++)
            foreach (char c in Candidates) if (line.Contains(c)) seen.Add(c);
        return Candidates.FirstOrDefault(c => !seen.Contains(c), '\t');
    }

    /// <summary>
    /// One column while it is read. It holds numbers (no string per cell) while every value parses as an invariant
    /// number, keeping the text of values whose number would not give it back ("007", "+5", "1e3"; see IsPlain); at its
    /// first other value it turns into text, rebuilding the earlier rows from those.
    /// Most columns of a large table are numeric, and a string per cell made the read take about five times the file's size.
    /// </summary>
    private sealed class ColumnBuilder(int capacity)
    {
        private List<double>? _numbers = new(capacity);
        private List<string?>? _originals;

        public List<string?>? Text { get; private set; }

        public bool IsNumber => _numbers is not null;

        public void AddMissing()
        {
            _numbers!.Add(double.NaN);
            _originals?.Add(null);
        }

        public bool TryAddNumber(ReadOnlySpan<byte> utf8, CsvReader reader, int field)
        {
            if (!double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return false;
            bool canonical = !double.IsNaN(v) && IsPlain(utf8);
            if (!canonical && _originals is null)
            {
                _originals = new List<string?>(_numbers!.Capacity);
                for (int r = 0; r < _numbers.Count; r++) _originals.Add(null);
            }
            _numbers!.Add(v);
            _originals?.Add(canonical ? null : reader.GetString(field));
            return true;
        }

        /// <summary>
        /// Whether the text needs no copy: an integer of at most 15 digits without leading zeros (exactly what
        /// <see cref="NumberText.Format"/> gives back), or a plain decimal with at most 15 integer digits and not below
        /// 0.0001 (<c>-12.50</c>), which is read back in its shortest form, the same number (<c>-12.5</c>). Leading zeros, a sign, blanks, exponents and longer integers are kept as
        /// written: those are where codes and identifiers differ from their number ("02134", 16-digit account numbers).
        /// </summary>
        private static bool IsPlain(ReadOnlySpan<byte> s)
        {
            int i = s.Length > 0 && s[0] == (byte)'-' ? 1 : 0;
            int start = i;
            while (i < s.Length && (uint)(s[i] - '0') <= 9) i++;
            int digits = i - start;
            if (digits == 0 || digits > 15 || (digits > 1 && s[start] == (byte)'0')) return false;
            if (i == s.Length) return true;
            if (s[i] != (byte)'.' || i + 1 == s.Length) return false;
            int fraction = ++i;
            for (; i < s.Length; i++) if ((uint)(s[i] - '0') > 9) return false;
            // 0.0000x is given back as 1E-05: keep such text as written.
            return !(digits == 1 && s[start] == (byte)'0' && s.Length - fraction >= 4 && s.Slice(fraction, 4).SequenceEqual("0000"u8));
        }

        public void SwitchToText()
        {
            var numbers = _numbers!;
            Text = new List<string?>(numbers.Capacity);
            for (int r = 0; r < numbers.Count; r++)
                Text.Add(_originals?[r] ?? (double.IsNaN(numbers[r]) ? null : NumberText.Format(numbers[r])));
            _numbers = null;
            _originals = null;
        }

        public void AddText(string? value) => Text!.Add(value);

        public RawColumn Build(string name) => _numbers is { } numbers
            ? new RawColumn { Name = name, Kind = RawKind.Number, Numbers = numbers.ToArray(), Originals = _originals?.ToArray() }
            : new RawColumn { Name = name, Kind = RawKind.Text, Text = Text!.ToArray() };
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
