namespace DeepRoad.Pipelines.Schema;

/// <summary>The label column, the task and the classes, fixed on training data.</summary>
/// <param name="Column">The user's label column.</param>
/// <param name="Task">Binary, multiclass or regression.</param>
/// <param name="TaskInferred">False when the caller set the task.</param>
/// <param name="Classes">Class names in key order (index i = i-th class); empty for regression.
/// Numeric class names are sorted by value, others ordinally.</param>
/// <param name="PositiveClass">For binary: the class that becomes <c>true</c> (index 1); otherwise null.</param>
/// <param name="Reason">Why this task and positive class were chosen.</param>
public sealed record LabelInfo(
    string Column,
    MLTask Task,
    bool TaskInferred,
    IReadOnlyList<string> Classes,
    string? PositiveClass,
    string Reason)
{
    /// <summary>The class that becomes <c>false</c> for a binary label.</summary>
    public string? NegativeClass => Task == MLTask.BinaryClassification ? Classes.First(c => c != PositiveClass) : null;

    /// <summary>Class names in the order the prepared <c>Label</c> uses: for binary [negative, positive].</summary>
    public IReadOnlyList<string> ClassNamesInLabelOrder => Task == MLTask.BinaryClassification
        ? [NegativeClass!, PositiveClass!]
        : Classes;
}
