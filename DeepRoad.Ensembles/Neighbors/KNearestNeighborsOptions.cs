namespace DeepRoad.Ensembles;

/// <summary>How the k nearest training rows vote (scikit-learn's <c>weights</c>).</summary>
public enum NeighborWeighting
{
    /// <summary>Every neighbour counts the same (scikit-learn's "uniform").</summary>
    Uniform,

    /// <summary>
    /// A neighbour counts by the inverse of its distance (scikit-learn's "distance"); where some neighbours are at
    /// distance 0, they alone vote, equally.
    /// </summary>
    Distance,
}

/// <summary>The distance between feature vectors (scikit-learn's Minkowski <c>p</c>).</summary>
public enum NeighborDistance
{
    /// <summary>Euclidean (p = 2), scikit-learn's default.</summary>
    Euclidean,

    /// <summary>Manhattan, the sum of absolute differences (p = 1).</summary>
    Manhattan,
}

/// <summary>
/// Options of <see cref="KNearestNeighborsEstimator"/>, after scikit-learn's KNeighborsClassifier and
/// KNeighborsRegressor. The features should be on comparable scales (normalise them first: a column in thousands
/// otherwise decides every distance); the label is Boolean (binary), a key (multiclass) or Single (regression).
/// </summary>
public sealed record KNearestNeighborsOptions
{
    /// <summary>Label column: Boolean (binary), a UInt32 key (multiclass, <c>MapValueToKey</c>) or Single (regression).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>Known-size vector of Single, finite at fit (impute missing values first).</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>Neighbours that vote (scikit-learn's n_neighbors; default 5). Capped at the training rows.</summary>
    public int NumberOfNeighbors { get; init; } = 5;

    /// <summary>How the neighbours vote (default <see cref="NeighborWeighting.Uniform"/>).</summary>
    public NeighborWeighting Weighting { get; init; } = NeighborWeighting.Uniform;

    /// <summary>The distance (default <see cref="NeighborDistance.Euclidean"/>).</summary>
    public NeighborDistance Distance { get; init; } = NeighborDistance.Euclidean;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("KNearestNeighborsOptions.LabelColumnName is empty.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("KNearestNeighborsOptions.FeatureColumnName is empty.");
        if (NumberOfNeighbors < 1)
            throw new ArgumentOutOfRangeException(nameof(NumberOfNeighbors), NumberOfNeighbors, "KNearestNeighborsOptions.NumberOfNeighbors must be at least 1.");
        if (!Enum.IsDefined(Weighting)) throw new ArgumentOutOfRangeException(nameof(Weighting), Weighting, "KNearestNeighborsOptions.Weighting is not a known weighting.");
        if (!Enum.IsDefined(Distance)) throw new ArgumentOutOfRangeException(nameof(Distance), Distance, "KNearestNeighborsOptions.Distance is not a known distance.");
    }
}
