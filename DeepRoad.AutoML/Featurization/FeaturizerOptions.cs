namespace DeepRoad.AutoML.Featurization;

/// <summary>Featurization choices that are part of AutoML's search space.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>Categorical columns with more distinct values than this are hashed (10 bits) instead of one-hot encoded.</summary>
    public int HashAboveCardinality { get; init; } = 64;

    /// <summary>Add a 0/1 missing-indicator feature for every numeric column that had missing cells.</summary>
    public bool MissingIndicators { get; init; } = true;

    /// <summary>Longest word n-gram for text columns (1 or 2).</summary>
    public int WordNgrams { get; init; } = 2;

    /// <summary>Add character 3-grams for text columns.</summary>
    public bool CharNgrams { get; init; } = true;

    /// <summary>Side length images are resized to (pixels, grayscale).</summary>
    public int ImageSize { get; init; } = 16;
}
