using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>One row of <see cref="SearchCV.Results"/>, like a row of scikit-learn's <c>cv_results_</c>.</summary>
/// <param name="TrialNumber">Trial number in the study.</param>
/// <param name="Parameters">The candidate.</param>
/// <param name="State">Complete, pruned or failed.</param>
/// <param name="Rank">1 for the best complete candidate; null when not complete.</param>
/// <param name="Mean">Mean over folds of each metric.</param>
/// <param name="StandardDeviation">Standard deviation over folds of each metric.</param>
/// <param name="FitSeconds">Total fit time over the folds.</param>
/// <param name="Error">Error text of a failed candidate.</param>
public sealed record SearchCVResult(
    int TrialNumber,
    ParameterSet Parameters,
    TrialState State,
    int? Rank,
    IReadOnlyDictionary<MetricKind, double> Mean,
    IReadOnlyDictionary<MetricKind, double> StandardDeviation,
    double? FitSeconds,
    string? Error);
