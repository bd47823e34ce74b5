using DeepRoad.Pipelines;

namespace DeepRoad.AutoML.Data;

/// <summary>
/// What AutoML learned about the training data: the feature columns with their roles, the label, the
/// task and the class names (index i = i-th class in sorted order; for binary, index 1 is the positive class).
/// This travels inside the model file, so prediction-time input is parsed exactly as training input was.
/// </summary>
public sealed record DatasetSchema
{
    /// <summary>Every input column except the label, in file order.</summary>
    public required IReadOnlyList<ColumnInfo> Columns { get; init; }

    /// <summary>The user's label column name.</summary>
    public required string LabelColumn { get; init; }

    /// <summary>The learning task.</summary>
    public required MLTask Task { get; init; }

    /// <summary>Class names for classification (sorted); empty for regression.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Training rows.</summary>
    public int Rows { get; init; }

    /// <summary>The feature columns only.</summary>
    public IEnumerable<ColumnInfo> Features => Columns.Where(c => c.IsFeature);

    /// <summary>Number of classes (1 for regression).</summary>
    public int Width => Task == MLTask.Regression ? 1 : ClassNames.Count;
}
