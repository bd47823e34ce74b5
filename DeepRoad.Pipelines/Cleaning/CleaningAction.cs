namespace DeepRoad.Pipelines.Cleaning;

/// <summary>One thing cleaning did (or would do), with how many training rows or cells it touched.</summary>
/// <param name="Step">The step.</param>
/// <param name="Column">The column concerned; null for row-level steps.</param>
/// <param name="Description">What changed, in words ("filled 11 missing values with median 44.5").</param>
/// <param name="Rows">Training rows affected (removed duplicates), else 0.</param>
/// <param name="Cells">Training cells changed, else 0.</param>
public sealed record CleaningAction(CleaningStep Step, string? Column, string Description, int Rows, int Cells);
