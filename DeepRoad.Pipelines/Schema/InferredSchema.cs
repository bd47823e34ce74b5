namespace DeepRoad.Pipelines.Schema;

/// <summary>
/// The result of schema inference on one source: every column's type and role, the row count and,
/// when a label was named, the task and classes. Featurization and cleaning read it; load test data
/// with it so both sides get the same types.
/// </summary>
public sealed record InferredSchema
{
    /// <summary>Where the data came from (a file path, "IEnumerable&lt;T&gt;", "DataFrame", "SQL: ...").</summary>
    public required string Source { get; init; }

    /// <summary>Number of rows read.</summary>
    public required int RowCount { get; init; }

    /// <summary>Every column in source order.</summary>
    public required IReadOnlyList<ColumnInfo> Columns { get; init; }

    /// <summary>The label and task; null when no label was named.</summary>
    public LabelInfo? Label { get; init; }

    /// <summary>Folder that relative image paths resolve against.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Notes for a person: dropped rows, dropped columns, suspicious values.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The task, when a label was named.</summary>
    public MLTask? Task => Label?.Task;

    /// <summary>The column of that name (its name in the loaded view, or in the source for a column loaded under another name), or an exception listing the columns.</summary>
    public ColumnInfo this[string name] => Columns.FirstOrDefault(c => c.Name == name) ?? Columns.FirstOrDefault(c => c.SourceColumn == name)
        ?? throw new DeepRoadDataException($"{Source}: no column '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.") { Column = name };

    /// <summary>Names of the columns with the given role, in source order.</summary>
    public IReadOnlyList<string> ColumnsWithRole(ColumnRole role) => Columns.Where(c => c.Role == role).Select(c => c.Name).ToArray();

    /// <summary>Columns that feed the feature vector.</summary>
    public IReadOnlyList<ColumnInfo> FeatureColumns => Columns.Where(c => c.IsFeature).ToArray();

    /// <summary>A readable table of the schema (see <see cref="SchemaReport"/>).</summary>
    public SchemaReport Report => new(this);

    /// <inheritdoc />
    public override string ToString() => Report.ToString();
}
