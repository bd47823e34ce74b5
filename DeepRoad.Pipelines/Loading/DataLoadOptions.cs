namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// How a source is read and how its schema is inferred. Every property has a working default;
/// set <see cref="Label"/> to get a task and a prepared label.
/// </summary>
public sealed record DataLoadOptions
{
    /// <summary>
    /// The tokens that mean "missing" in text sources, matched case-insensitively after trimming.
    /// Default: "" (empty field), NA, N/A, ?, null, NaN. The files in DeepRoad's shared data use only
    /// empty fields; none of them holds these tokens as real values, so the default is safe there.
    /// Set <c>[""]</c> when "NA" (or "?") is a real category in your data.
    /// </summary>
    public IReadOnlyList<string> MissingValueTokens { get; init; } = DefaultMissingValueTokens;

    /// <summary>The default <see cref="MissingValueTokens"/>.</summary>
    public static IReadOnlyList<string> DefaultMissingValueTokens { get; } = ["", "NA", "N/A", "?", "null", "NaN"];

    /// <summary>Field separator; null (default) sniffs it from the header among comma, tab, semicolon and pipe.</summary>
    public char? Separator { get; init; }

    /// <summary>
    /// Numbers with a decimal comma (1,5 and 1.234,5, as European spreadsheets export them). Null (default): a column
    /// of a file whose separator is not a comma is read as numbers when every value is written that way and at least one
    /// has a comma; true: the same for comma-separated files too (quoted values); false: never.
    /// </summary>
    public bool? DecimalComma { get; init; }

    /// <summary>The label column (case-sensitive name). Null: no label, no task (inspection only).</summary>
    public string? Label { get; init; }

    /// <summary>Overrides the inferred task. Null (default): inferred from the label's values.</summary>
    public MLTask? Task { get; init; }

    /// <summary>
    /// The positive class of a binary label, by name. Null (default): the class whose name is a common
    /// positive name ("1", "yes", "true", "positive", "malignant", "spam", ...; see <c>PositiveClassRule</c>),
    /// otherwise the minority class, and on a tie the second class in sorted order.
    /// </summary>
    public string? PositiveClass { get; init; }

    /// <summary>Folder that relative image paths resolve against. Null: the CSV's folder (or the current folder for in-memory sources).</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Check that every value of an image-path column names an existing image file (default true).</summary>
    public bool ValidateImageFiles { get; init; } = true;

    /// <summary>A string column is free text when its values average at least this many words (default 3) ...</summary>
    public double TextMinAverageWords { get; init; } = 3;

    /// <summary>... and at least this share of its values are distinct (default 0.5).</summary>
    public double TextMinDistinctRatio { get; init; } = 0.5;

    /// <summary>A numeric label with integer values and at most this many classes is a classification label (default 20).</summary>
    public int MaxNumericLabelClasses { get; init; } = 20;

    /// <summary>
    /// Recognise date columns (default true): text columns whose every value is a date written one way (2024-07-17,
    /// 17/07/2024, 07/17/2024, 17 Jul 2024, with or without a time) are split into numeric year, month, day, day of
    /// week, hour (when times are written) and days since 1970. False leaves them categorical.
    /// </summary>
    public bool DetectDates { get; init; } = true;

    /// <summary>What to do with a feature column whose every value is missing (default: error).</summary>
    public AllMissingColumnPolicy AllMissingColumns { get; init; } = AllMissingColumnPolicy.Error;

    /// <summary>Checks the option values; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (MissingValueTokens is null) throw new ArgumentException("MissingValueTokens must not be null.", nameof(MissingValueTokens));
        if (Separator is { } s && s is '"' or '\r' or '\n')
            throw new ArgumentException($"Separator '{s}' is not allowed.", nameof(Separator));
        if (TextMinAverageWords <= 0) throw new ArgumentException("TextMinAverageWords must be positive.", nameof(TextMinAverageWords));
        if (TextMinDistinctRatio is < 0 or > 1) throw new ArgumentException("TextMinDistinctRatio must be in [0, 1].", nameof(TextMinDistinctRatio));
        if (MaxNumericLabelClasses < 2) throw new ArgumentException("MaxNumericLabelClasses must be at least 2.", nameof(MaxNumericLabelClasses));
    }
}
