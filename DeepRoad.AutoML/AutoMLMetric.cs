namespace DeepRoad.AutoML;

/// <summary>The metric AutoML optimises (definitions as in scikit-learn).</summary>
public enum AutoMLMetric
{
    /// <summary>ROC-AUC for binary, accuracy for multiclass, RMSE for regression.</summary>
    Auto,
    /// <summary>Fraction of correct predictions.</summary>
    Accuracy,
    /// <summary>Unweighted mean of per-class F1.</summary>
    MacroF1,
    /// <summary>Area under the ROC curve (binary; one-vs-rest macro average for multiclass).</summary>
    RocAuc,
    /// <summary>Cross-entropy of the predicted probabilities (lower is better).</summary>
    LogLoss,
    /// <summary>Root mean squared error (lower is better).</summary>
    Rmse,
    /// <summary>Mean absolute error (lower is better).</summary>
    Mae,
    /// <summary>Coefficient of determination.</summary>
    R2,
}
