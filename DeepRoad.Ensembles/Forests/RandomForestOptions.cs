namespace DeepRoad.Ensembles;

/// <summary>Options of <see cref="RandomForestEstimator"/>, after scikit-learn's RandomForestClassifier / RandomForestRegressor.</summary>
public sealed record RandomForestOptions : ForestOptions
{
    /// <summary>
    /// Grow each tree on a bootstrap sample (as many rows as the data, drawn with replacement; scikit-learn's
    /// bootstrap=True, the default). False grows every tree on every row, so trees differ only by their feature draws.
    /// </summary>
    public bool Bootstrap { get; init; } = true;
}
