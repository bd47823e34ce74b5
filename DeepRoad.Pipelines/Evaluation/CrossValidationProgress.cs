namespace DeepRoad.Pipelines.Evaluation;

/// <summary>Progress of a cross-validation run, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="CompletedFolds">Folds finished so far.</param>
/// <param name="TotalFolds">Folds in the run.</param>
/// <param name="Message">What just happened, for a person to read.</param>
public sealed record CrossValidationProgress(int CompletedFolds, int TotalFolds, string Message);
