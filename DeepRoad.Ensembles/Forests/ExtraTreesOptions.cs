namespace DeepRoad.Ensembles;

/// <summary>
/// Options of <see cref="ExtraTreesEstimator"/>, after scikit-learn's ExtraTreesClassifier / ExtraTreesRegressor
/// (every tree on every row, as scikit-learn's bootstrap=False default).
/// </summary>
public sealed record ExtraTreesOptions : ForestOptions;
