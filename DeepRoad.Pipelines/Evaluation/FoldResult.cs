using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Evaluation;

/// <summary>What one cross-validation fold produced.</summary>
/// <param name="Fold">0-based fold number.</param>
/// <param name="TrainRows">Training rows after resampling.</param>
/// <param name="TestRows">Held-out rows scored.</param>
/// <param name="Metrics">Each requested metric on the held-out rows (NaN where undefined, e.g. AUC of one class).</param>
/// <param name="FitTime">Wall time of resampling plus <c>Fit</c>.</param>
/// <param name="ScoreTime">Wall time of scoring the held-out rows.</param>
/// <param name="Model">The fitted model, when <see cref="CrossValidationOptions.KeepModels"/> is set.</param>
public sealed record FoldResult(
    int Fold,
    int TrainRows,
    int TestRows,
    IReadOnlyDictionary<MetricKind, double> Metrics,
    TimeSpan FitTime,
    TimeSpan ScoreTime,
    ITransformer? Model);
