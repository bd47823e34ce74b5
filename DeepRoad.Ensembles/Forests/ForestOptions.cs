namespace DeepRoad.Ensembles;

/// <summary>
/// What <see cref="ExtraTreesOptions"/> and <see cref="RandomForestOptions"/> share, after scikit-learn's forests.
/// The task follows the label's type: Boolean = binary classification, a key = multiclass, Single = regression.
/// </summary>
public abstract record ForestOptions
{
    private protected ForestOptions() { }

    /// <summary>Label column: Boolean (binary), a UInt32 key (multiclass, <c>MapValueToKey</c>) or Single (regression).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>Known-size vector of Single to split on.</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>Trees in the forest (scikit-learn's n_estimators; default 100).</summary>
    public int NumberOfTrees { get; init; } = 100;

    /// <summary>Fewest training rows in a leaf (min_samples_leaf; default 1, fully grown trees).</summary>
    public int MinimumExampleCountPerLeaf { get; init; } = 1;

    /// <summary>
    /// Fraction of the features drawn at each split (max_features). Null = scikit-learn's default: the square root of
    /// the feature count for classification, every feature for regression.
    /// </summary>
    public double? FeatureFraction { get; init; }

    /// <summary>Deepest level a node may reach (max_depth); null = no limit.</summary>
    public int? MaximumDepth { get; init; }

    /// <summary>Threads that grow trees in parallel; null = every core.</summary>
    public int? NumberOfThreads { get; init; }

    /// <summary>Seed of every random draw (each tree's generator is derived from it, so threads do not change the forest).</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        string name = GetType().Name;
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException($"{name}.LabelColumnName is empty.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException($"{name}.FeatureColumnName is empty.");
        if (NumberOfTrees < 1) throw new ArgumentOutOfRangeException(nameof(NumberOfTrees), NumberOfTrees, $"{name}.NumberOfTrees must be at least 1.");
        if (MinimumExampleCountPerLeaf < 1)
            throw new ArgumentOutOfRangeException(nameof(MinimumExampleCountPerLeaf), MinimumExampleCountPerLeaf, $"{name}.MinimumExampleCountPerLeaf must be at least 1.");
        if (FeatureFraction is { } f && !(f > 0 && f <= 1))
            throw new ArgumentOutOfRangeException(nameof(FeatureFraction), f, $"{name}.FeatureFraction must be in (0, 1].");
        if (MaximumDepth is < 1) throw new ArgumentOutOfRangeException(nameof(MaximumDepth), MaximumDepth, $"{name}.MaximumDepth must be at least 1.");
        if (NumberOfThreads is < 1) throw new ArgumentOutOfRangeException(nameof(NumberOfThreads), NumberOfThreads, $"{name}.NumberOfThreads must be at least 1.");
    }
}
