using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Pipelines.Evaluation;

/// <summary>
/// Passed to <see cref="CrossValidationOptions.OnFoldCompleted"/> after each fold: the values a tuning trial reports
/// as intermediate results (step = <see cref="CompletedFolds"/>, value = <see cref="RunningMean"/>) to decide on pruning.
/// </summary>
/// <param name="Fold">The fold that just finished (0-based).</param>
/// <param name="CompletedFolds">Folds finished so far, this one included (1-based step).</param>
/// <param name="TotalFolds">Folds in the run.</param>
/// <param name="PrimaryMetric">The first metric of the run.</param>
/// <param name="Value">The primary metric on this fold.</param>
/// <param name="RunningMean">Mean of the primary metric over the finished folds (NaN folds ignored).</param>
/// <param name="Metrics">Every metric of this fold.</param>
public sealed record FoldReport(
    int Fold,
    int CompletedFolds,
    int TotalFolds,
    MetricKind PrimaryMetric,
    double Value,
    double RunningMean,
    IReadOnlyDictionary<MetricKind, double> Metrics);
