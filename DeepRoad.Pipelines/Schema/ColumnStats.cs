using DeepRoad.Pipelines.Loading;

namespace DeepRoad.Pipelines.Schema;

/// <summary>Counts and value checks of one raw column, computed in one pass.</summary>
internal sealed class ColumnStats
{
    public int Missing { get; private init; }
    public int NonMissing { get; private init; }
    public int Distinct { get; private init; }
    public string Example { get; private init; } = "";
    public bool IsNumeric { get; private init; }
    public bool IsInteger { get; private init; }
    public bool IsContiguous { get; private init; }
    public bool IsBoolean { get; private init; }
    public bool AllImagePaths { get; private init; }
    public double AverageWords { get; private init; }
    public string? FirstNonNumeric { get; private init; }

    /// <summary>
    /// For a numeric column: the few words its numbers are mixed with ("unknown", "-", "#N/A"), counted in
    /// <see cref="Missing"/>; empty otherwise.
    /// </summary>
    public IReadOnlyList<string> Placeholders { get; private init; } = [];

    /// <summary>
    /// For a numeric column whose values are numbers followed by one unit ("1248 CC", "5 years"): that unit (as
    /// <see cref="NumberText.UnitKey"/> writes it); null otherwise.
    /// </summary>
    public string? Unit { get; private init; }

    /// <summary>At most this many distinct words in a numeric column are placeholders for a missing number...</summary>
    public const int MaxPlaceholders = 3;

    /// <summary>...and they fill at most this share of its non-empty rows; beyond that the column is text.</summary>
    public const double MaxPlaceholderShare = 0.1;

    /// <summary>
    /// Counts and checks one column. With <paramref name="placeholders"/>, a column of numbers mixed with a few words
    /// that have no digit ("unknown", "-", "n.a."; or spreadsheet errors such as "#DIV/0!") on at most a tenth of its
    /// rows is numeric, those words being missing values (see <see cref="Placeholders"/>): otherwise one "unknown"
    /// would make an age column a category of every age.
    /// </summary>
    public static ColumnStats Compute(RawColumn col, int rows, bool placeholders = false)
    {
        if (col.Kind == RawKind.Number) return ComputeNumbers(col, rows);
        var stats = ComputeText(col, rows, placeholders);
        return !stats.IsNumeric && placeholders && col.Kind == RawKind.Text && stats.NonMissing > 0 && WithUnit(col, rows) is { } withUnit ? withUnit : stats;
    }

    /// <summary>
    /// A text column whose every value (but the placeholder words allowed in <see cref="Compute"/>) is a number followed
    /// by the same unit ("1248 CC", "74 bhp", "5 years"; singular and plural alike) or a plain number (the unit left
    /// out): the stats of its numbers, with <see cref="Unit"/> set. Null when it is not such a column (two units, a word).
    /// </summary>
    private static ColumnStats? WithUnit(RawColumn col, int rows)
    {
        string? unit = null, example = null;
        var numbers = new double[rows];
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int wordRows = 0, present = 0;
        for (int r = 0; r < rows; r++)
        {
            numbers[r] = double.NaN;
            if (col.Text![r] is not { } text) continue;
            present++;
            if (NumberText.TryParseWithUnit(text, out double v, out string u))
            {
                if (unit is not null && u != unit) return null;
                unit = u;
                example ??= text;
                numbers[r] = v;
                continue;
            }
            // A plain number among them is taken to have the unit left out.
            if (NumberText.TryParse(text, out v)) { numbers[r] = v; continue; }
            string word = text.Trim();
            if (!IsPlaceholder(word) || (!words.Contains(word) && words.Count == MaxPlaceholders)) return null;
            words.Add(word);
            wordRows++;
        }
        if (unit is null || wordRows > MaxPlaceholderShare * present) return null;
        var stats = ComputeNumbers(new RawColumn { Name = col.Name, Kind = RawKind.Number, Numbers = numbers }, rows);
        return new ColumnStats
        {
            Missing = stats.Missing,
            NonMissing = stats.NonMissing,
            Distinct = stats.Distinct,
            Example = Shorten(example)!,
            IsNumeric = true,
            IsInteger = stats.IsInteger,
            IsContiguous = stats.IsContiguous,
            Unit = unit,
            Placeholders = words.Order(StringComparer.Ordinal).ToList(),
        };
    }

    private static ColumnStats ComputeText(RawColumn col, int rows, bool placeholders)
    {
        // Text and boolean columns from here on.
        int missing = 0;
        string? example = null;
        string? firstNonNumeric = null;
        var words = placeholders ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) : null;
        string? firstValue = null; // the first value that is not a placeholder word: a numeric column's example
        int wordRows = 0;
        bool numeric = true, integer = true, boolean = true, images = true;
        long wordCount = 0;
        var distinctText = new HashSet<string>(StringComparer.Ordinal);
        var distinctNumbers = new HashSet<double>();
        double min = double.PositiveInfinity, max = double.NegativeInfinity;

        for (int r = 0; r < rows; r++)
        {
            if (col.IsMissing(r)) { missing++; continue; }
            double v = double.NaN;
            string? text = null;
            bool placeholder = false;
            switch (col.Kind)
            {
                case RawKind.Boolean:
                    numeric = false; images = false;
                    text = col.Booleans![r]!.Value ? "true" : "false";
                    break;
                default:
                    text = col.Text![r]!;
                    if (numeric && !NumberText.TryParse(text, out v))
                    {
                        firstNonNumeric ??= text;
                        string word = text.Trim();
                        if (words is not null && IsPlaceholder(word) && (words.Contains(word) || words.Count < MaxPlaceholders))
                        {
                            words.Add(word);
                            wordRows++;
                            placeholder = true;
                        }
                        else numeric = false;
                    }
                    if (boolean && !(text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase)))
                        boolean = false;
                    if (images && !ImageFileCheck.HasImageExtension(text)) images = false;
                    wordCount += CountWords(text);
                    break;
            }
            example ??= text ?? NumberText.Format(v);
            if (!placeholder) firstValue ??= text ?? NumberText.Format(v);
            if (numeric)
            {
                // A placeholder word is kept as a distinct text in case the column turns out to be text after all.
                if (placeholder) { distinctText.Add(boolean ? text!.ToLowerInvariant() : text!); continue; }
                if (double.IsNaN(v)) { missing++; continue; } // "NaN" written in a numeric column
                if (integer && (v != Math.Floor(v) || double.IsInfinity(v))) integer = false;
                distinctNumbers.Add(v);
                if (v < min) min = v;
                if (v > max) max = v;
            }
            if (text is not null) distinctText.Add(boolean ? text.ToLowerInvariant() : text);
        }

        // Too many placeholder words (or nothing else): the column is text after all, and they are values, not missing.
        if (numeric && wordRows > 0)
        {
            if (wordRows > MaxPlaceholderShare * (rows - missing) || wordRows == rows - missing) numeric = false;
            else
            {
                missing += wordRows;
                example = firstValue;
            }
        }
        if (!numeric) wordRows = 0;
        int nonMissing = rows - missing;
        if (nonMissing == 0) { numeric = false; integer = false; boolean = false; images = false; }
        if (col.Kind == RawKind.Boolean) boolean = nonMissing > 0;
        int distinct = numeric ? distinctNumbers.Count : distinctText.Count;
        if (numeric && col.Kind == RawKind.Text)
        {
            // Text that parsed as numbers: numeric wins over boolean/image checks.
            boolean = false; images = false;
        }
        return new ColumnStats
        {
            Missing = missing,
            NonMissing = nonMissing,
            Distinct = distinct,
            Example = Shorten(example) ?? "",
            IsNumeric = numeric,
            IsInteger = numeric && integer,
            IsContiguous = numeric && integer && distinct > 0 && max - min + 1 == distinct,
            IsBoolean = boolean,
            AllImagePaths = images && nonMissing > 0,
            AverageWords = nonMissing == 0 ? 0 : (double)wordCount / nonMissing,
            FirstNonNumeric = numeric ? null : firstNonNumeric,
            Placeholders = wordRows > 0 ? words!.Order(StringComparer.Ordinal).ToList() : [],
        };
    }

    /// <summary>A column's example value as the schema keeps it: at most 60 characters.</summary>
    private static string? Shorten(string? example) => example is { Length: > 60 } ? example[..57] + "..." : example;

    /// <summary>A word that stands for a missing number: no digit in it (a "90+" or "&lt;5" carries a number), or a spreadsheet error ("#DIV/0!").</summary>
    private static bool IsPlaceholder(string word) =>
        word.Length is > 0 and <= 32 && (word[0] == '#' || !word.Any(char.IsDigit));

    /// <summary>A column held as numbers: distinct values counted on a sorted copy (a hash set of every value of a large column costs far more).</summary>
    private static ColumnStats ComputeNumbers(RawColumn col, int rows)
    {
        var numbers = col.Numbers!;
        var values = new double[rows];
        int n = 0;
        string? example = null;
        bool integer = true;
        for (int r = 0; r < rows; r++)
        {
            double v = numbers[r];
            if (double.IsNaN(v)) continue;
            example ??= col.AsText(r);
            if (integer && (v != Math.Floor(v) || double.IsInfinity(v))) integer = false;
            values[n++] = v;
        }
        var present = values.AsSpan(0, n);
        present.Sort();
        int distinct = 0;
        for (int i = 0; i < n; i++) if (i == 0 || present[i] != present[i - 1]) distinct++;
        bool numeric = n > 0;
        return new ColumnStats
        {
            Missing = rows - n,
            NonMissing = n,
            Distinct = distinct,
            Example = Shorten(example) ?? "",
            IsNumeric = numeric,
            IsInteger = numeric && integer,
            IsContiguous = numeric && integer && present[n - 1] - present[0] + 1 == distinct,
            IsBoolean = false,
            AllImagePaths = false,
            AverageWords = 0,
            FirstNonNumeric = null,
        };
    }

    private static int CountWords(string s)
    {
        int n = 0;
        bool inWord = false;
        foreach (char c in s)
        {
            bool ws = char.IsWhiteSpace(c);
            if (!ws && !inWord) n++;
            inWord = !ws;
        }
        return n;
    }
}
