namespace DeepRoad.Pipelines.Metrics;

/// <summary>Metrics over a <see cref="PredictionMatrix"/>, with scikit-learn's definitions.</summary>
public enum MetricKind
{
    Accuracy,
    BalancedAccuracy,
    Precision,
    Recall,
    F1,
    MacroF1,
    MicroF1,
    WeightedF1,
    RocAuc,
    LogLoss,
    Mse,
    Rmse,
    Mae,
    R2,
}

/// <summary>Properties of <see cref="MetricKind"/>.</summary>
public static class MetricKindExtensions
{
    /// <summary>True when a larger value is better.</summary>
    public static bool HigherIsBetter(this MetricKind kind) =>
        kind is not (MetricKind.LogLoss or MetricKind.Mse or MetricKind.Rmse or MetricKind.Mae);
}
