using DeepRoad.AutoML.Evaluation;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>A finished trial: its leaderboard record plus, when complete, out-of-fold predictions and fold models.</summary>
internal sealed record TrialOutcome(TrialRecord Record, TrialConfig Config, ScoreMatrix? Oof, IReadOnlyList<ITransformer>? FoldModels);
