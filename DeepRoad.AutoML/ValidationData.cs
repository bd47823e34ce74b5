using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML;

/// <summary>Out-of-fold truth and predictions of the final blend and the best single trial (for reports).</summary>
internal sealed record ValidationData(float[] Truth, PredictionMatrix Ensemble, PredictionMatrix BestSingle, int Folds, bool Holdout, int Repeats = 1)
{
    /// <summary>The folds trained on the past and scored the future (<see cref="AutoMLOptions.TimeOrderColumn"/>).</summary>
    public bool TimeOrdered { get; init; }
}
