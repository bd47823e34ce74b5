using System.Text;
using DeepRoad.Pipelines;

namespace DeepRoad.AutoML.Data;

/// <summary>A header plus string cells read from a CSV/TSV file (RFC 4180 quoting; delimiter sniffed).</summary>
internal sealed class CsvText
{
    public required string Path { get; init; }
    public required string[] Header { get; init; }
    public required List<string?[]> Rows { get; init; }

    private static readonly string[] MissingTokens = ["", "NA", "N/A", "?", "null", "NaN", "nan"];

    /// <summary>True when the cell counts as missing for a numeric column.</summary>
    public static bool IsMissingNumber(string? s) => s is null || Array.IndexOf(MissingTokens, s.Trim()) >= 0;

    public static CsvText Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException)
        {
            throw new DeepRoadDataException($"{path}: the file is not valid UTF-8.") { File = path };
        }
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Trim().Length == 0) throw new DeepRoadDataException($"{path}: the file is empty.") { File = path };
        int firstNl = text.IndexOf('\n');
        string firstLine = firstNl < 0 ? text : text[..firstNl];
        char delim = firstLine.Count(c => c == '\t') > firstLine.Count(c => c == ',') ? '\t'
            : firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ';' : ',';
        var records = Parse(text, delim, path);
        if (records.Count == 0) throw new DeepRoadDataException($"{path}: the file is empty.") { File = path };
        var header = records[0].Select(h => (h ?? "").Trim()).ToArray();
        for (int i = 0; i < header.Length; i++)
            if (header[i].Length == 0) throw new DeepRoadDataException($"{path}, line 1: column {i + 1} has an empty name.") { File = path, Line = 1 };
        var dup = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DeepRoadDataException($"{path}, line 1: column name '{dup.Key}' appears twice.") { File = path, Line = 1 };
        var rows = new List<string?[]>(records.Count - 1);
        for (int r = 1; r < records.Count; r++)
        {
            var rec = records[r];
            if (rec.Length == 1 && string.IsNullOrEmpty(rec[0])) continue; // blank line
            if (rec.Length != header.Length)
                throw new DeepRoadDataException($"{path}, line {r + 1}: expected {header.Length} fields but found {rec.Length}.") { File = path, Line = r + 1 };
            rows.Add(rec);
        }
        if (rows.Count == 0) throw new DeepRoadDataException($"{path}: the file has a header but no data rows.") { File = path };
        return new CsvText { Path = path, Header = header, Rows = rows };
    }

    // Record numbers are used as line numbers in messages; exact for files without embedded line breaks.
    private static List<string?[]> Parse(string text, char delim, string path)
    {
        var records = new List<string?[]>();
        var fields = new List<string?>();
        var sb = new StringBuilder();
        bool inQuotes = false, quoted = false;
        int line = 1, recordStartLine = 1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i++; }
                    else inQuotes = false;
                }
                else
                {
                    if (c == '\n') line++;
                    sb.Append(c);
                }
                continue;
            }
            if (c == '"' && sb.Length == 0 && !quoted) { inQuotes = true; quoted = true; }
            else if (c == delim) { fields.Add(sb.ToString()); sb.Clear(); quoted = false; }
            else if (c == '\r') { }
            else if (c == '\n')
            {
                fields.Add(sb.ToString()); sb.Clear(); quoted = false;
                records.Add(fields.ToArray()); fields.Clear();
                line++; recordStartLine = line;
            }
            else sb.Append(c);
        }
        if (inQuotes) throw new DeepRoadDataException($"{path}, line {recordStartLine}: unterminated quoted field.") { File = path, Line = recordStartLine };
        if (sb.Length > 0 || fields.Count > 0) { fields.Add(sb.ToString()); records.Add(fields.ToArray()); }
        return records;
    }
}
