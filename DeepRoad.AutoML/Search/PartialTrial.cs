using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// A trial's finished folds so far (models, their test rows and the running mean of the metric); the fallback model
/// when the budget ends before any trial finishes all folds.
/// </summary>
internal sealed record PartialTrial(ParameterSet Parameters, TrialRecord Record, IReadOnlyList<ITransformer> FoldModels, IReadOnlyList<int[]> TestRows,
    double Score, int FoldsDone, int Folds);
