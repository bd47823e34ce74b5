using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>A finished trial: its leaderboard record and configuration plus, when complete, out-of-fold predictions and fold models.</summary>
internal sealed record TrialOutcome(TrialRecord Record, ParameterSet Parameters, PredictionMatrix? Oof, IReadOnlyList<ITransformer>? FoldModels);
