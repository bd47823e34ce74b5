using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// A trial's finished folds so far (models and the metric on the rows they scored); used as the fallback model
/// when the budget ends before any trial finishes all folds.
/// </summary>
internal sealed record PartialTrial(TrialConfig Config, TrialRecord Record, IReadOnlyList<ITransformer> FoldModels, double Score, int FoldsDone, int Folds,
    float[] Truth, PredictionMatrix Predictions);
