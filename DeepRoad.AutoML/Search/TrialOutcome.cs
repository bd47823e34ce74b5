using DeepRoad.AutoML.Evaluation;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>A finished trial: its leaderboard record plus, when complete, out-of-fold predictions and fold models.</summary>
internal sealed record TrialOutcome(TrialRecord Record, TrialConfig Config, PredictionMatrix? Oof, IReadOnlyList<ITransformer>? FoldModels);
