namespace DeepRoad.Pipelines.Tuning;

/// <summary>ML.NET trainer families with a ready-made search space in <see cref="TrainerSpaces"/>.</summary>
public enum TrainerKind
{
    /// <summary>Gradient-boosted trees (FastTree; one-versus-all for multiclass).</summary>
    FastTree,

    /// <summary>Random forest (FastForest; one-versus-all for multiclass).</summary>
    FastForest,

    /// <summary>LightGBM gradient boosting.</summary>
    LightGbm,

    /// <summary>SDCA: logistic regression (binary), maximum entropy (multiclass), squared loss (regression).</summary>
    Sdca,

    /// <summary>L-BFGS: logistic regression (binary), maximum entropy (multiclass), Poisson regression (regression).</summary>
    Lbfgs,
}
