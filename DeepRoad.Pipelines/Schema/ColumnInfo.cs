namespace DeepRoad.Pipelines.Schema;

/// <summary>One column as schema inference sees it.</summary>
/// <param name="Name">Column name in the loaded data view: the source's name, except for the parts of a date column
/// (<see cref="Date"/>) and a column loaded under another name (<see cref="SourceColumn"/>).</param>
/// <param name="Kind">Its type in the loaded data view.</param>
/// <param name="Role">What it is used for.</param>
/// <param name="MissingCount">Number of missing values.</param>
/// <param name="DistinctCount">Number of distinct non-missing values.</param>
/// <param name="Example">The first non-missing value, as text (shortened), or "" when none.</param>
/// <param name="Reason">Why inference chose this role, in words.</param>
public sealed record ColumnInfo(
    string Name,
    ColumnValueKind Kind,
    ColumnRole Role,
    int MissingCount,
    int DistinctCount,
    string Example,
    string Reason)
{
    /// <summary>
    /// For a numeric column computed from a date column: which column, which part and how its dates are written.
    /// Loading reads the source column and computes the part, so prediction data needs the date column, not this one.
    /// </summary>
    public DateFeature? Date { get; init; }

    /// <summary>
    /// For a numeric column whose training values mixed numbers with a few words ("unknown", "-", "#N/A"): those words,
    /// read as missing values here and in every file read with this schema (compared ignoring case and blanks). Null otherwise.
    /// </summary>
    public IReadOnlyList<string>? MissingTokens { get; init; }

    /// <summary>
    /// For a numeric column whose training values were numbers followed by one unit ("1248 CC", "5 years"): the unit,
    /// lower case without a plural 's'. Files read with this schema take the numbers with that unit or none. Null otherwise.
    /// </summary>
    public string? Unit { get; init; }

    /// <summary>
    /// The source's name for a column that the loaded view names <see cref="Name"/> instead: a column that is not the label
    /// but has the name of one of the columns DeepRoad adds (<c>Label</c>, the prepared label, and <c>Features</c>, the
    /// feature vector) is loaded as "<c>{name}_column</c>". Null otherwise. Files, rows and views given for
    /// prediction carry the source's name.
    /// </summary>
    public string? SourceColumn { get; init; }

    /// <summary>The column a source must have for this one: the date column for a date part, else the column itself.</summary>
    public string SourceName => Date?.Source ?? SourceColumn ?? Name;

    /// <summary>True for roles that feed the feature vector (numeric, boolean, categorical, text).</summary>
    public bool IsFeature => Role is ColumnRole.Numeric or ColumnRole.Boolean or ColumnRole.Categorical or ColumnRole.Text;
}
