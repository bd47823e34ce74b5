namespace DeepRoad.Pipelines.Cleaning;

/// <summary>Which cleaning steps run and with what settings. Every step is optional.</summary>
public sealed record CleaningOptions
{
    /// <summary>Numeric imputation (default Median). Categorical columns get the most frequent value when this is not None.</summary>
    public ImputationKind Imputation { get; init; } = ImputationKind.Median;

    /// <summary>Add "&lt;name&gt;_missing" (Boolean) for each column that has missing values in training (default true).</summary>
    public bool AddMissingIndicators { get; init; } = true;

    /// <summary>Remove identical rows from the training data (default true). Never applied at prediction time.</summary>
    public bool RemoveDuplicateRows { get; init; } = true;

    /// <summary>Outlier clipping of numeric columns (default None).</summary>
    public OutlierClipping Clipping { get; init; } = OutlierClipping.None;

    /// <summary>Lower quantile for <see cref="OutlierClipping.Quantile"/> (default 0.01).</summary>
    public double ClipLowerQuantile { get; init; } = 0.01;

    /// <summary>Upper quantile for <see cref="OutlierClipping.Quantile"/> (default 0.99).</summary>
    public double ClipUpperQuantile { get; init; } = 0.99;

    /// <summary>The k of <see cref="OutlierClipping.Iqr"/> (default 1.5).</summary>
    public double IqrFactor { get; init; } = 1.5;

    /// <summary>Replace categories seen fewer than <see cref="RareCategoryMinCount"/> times in training, and unseen ones, by "__rare__" (default true).</summary>
    public bool FoldRareCategories { get; init; } = true;

    /// <summary>A category with fewer training rows than this is rare (default 5).</summary>
    public int RareCategoryMinCount { get; init; } = 5;

    /// <summary>Drop columns whose role is Constant or Identifier (default true).</summary>
    public bool DropConstantAndIdentifierColumns { get; init; } = true;

    /// <summary>The value rare and unseen categories become.</summary>
    public const string RareCategory = "__rare__";

    /// <summary>Only the column drop; nothing that changes values.</summary>
    public static CleaningOptions Minimal { get; } = new()
    {
        Imputation = ImputationKind.None, AddMissingIndicators = false, RemoveDuplicateRows = false,
        Clipping = OutlierClipping.None, FoldRareCategories = false,
    };

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (ClipLowerQuantile is < 0 or > 1 || ClipUpperQuantile is < 0 or > 1 || ClipLowerQuantile >= ClipUpperQuantile)
            throw new ArgumentException("ClipLowerQuantile and ClipUpperQuantile must satisfy 0 <= lower < upper <= 1.", nameof(ClipLowerQuantile));
        if (IqrFactor <= 0) throw new ArgumentException("IqrFactor must be positive.", nameof(IqrFactor));
        if (RareCategoryMinCount < 1) throw new ArgumentException("RareCategoryMinCount must be at least 1.", nameof(RareCategoryMinCount));
    }
}
