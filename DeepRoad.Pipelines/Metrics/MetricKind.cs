namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// The metrics DeepRoad computes, with scikit-learn's definitions. See <see cref="Metric.Compute(MetricKind, ReadOnlySpan{float}, PredictionMatrix, MLTask)"/> for
/// what each means per task, <see cref="MetricKindExtensions.HigherIsBetter"/> for its direction and
/// <see cref="MetricNames.Parse"/> for the names a CLI accepts.
/// </summary>
public enum MetricKind
{
    /// <summary>Fraction of rows whose arg-max class equals the truth.</summary>
    Accuracy,

    /// <summary>Mean per-class recall over the classes present in the truth.</summary>
    BalancedAccuracy,

    /// <summary>Binary: precision of the positive class (index 1). Multiclass: macro-averaged precision.</summary>
    Precision,

    /// <summary>Binary: recall of the positive class (index 1). Multiclass: macro-averaged recall.</summary>
    Recall,

    /// <summary>Binary: F1 of the positive class (index 1). Multiclass: macro-averaged F1.</summary>
    F1,

    /// <summary>Unweighted mean of per-class F1.</summary>
    MacroF1,

    /// <summary>F1 from global TP/FP/FN counts (equals accuracy for single-label multiclass).</summary>
    MicroF1,

    /// <summary>Mean of per-class F1 weighted by class support.</summary>
    WeightedF1,

    /// <summary>Area under the ROC curve (binary: P(true); multiclass: one-vs-rest, macro-averaged).</summary>
    RocAuc,

    /// <summary>Cross-entropy with probabilities clipped to [1e-15, 1-1e-15] and rows renormalised.</summary>
    LogLoss,

    /// <summary>Mean squared error.</summary>
    Mse,

    /// <summary>Root mean squared error.</summary>
    Rmse,

    /// <summary>Mean absolute error.</summary>
    Mae,

    /// <summary>Coefficient of determination.</summary>
    R2,
}
