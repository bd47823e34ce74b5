using DeepRoad.AutoML.Evaluation;

namespace DeepRoad.AutoML;

/// <summary>Out-of-fold truth and predictions of the final blend and the best single trial (for reports).</summary>
internal sealed record ValidationData(float[] Truth, ScoreMatrix Ensemble, ScoreMatrix BestSingle, int Folds, bool Holdout);
