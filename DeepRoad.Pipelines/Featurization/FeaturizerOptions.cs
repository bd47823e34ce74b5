using DeepRoad.Pipelines.Cleaning;

namespace DeepRoad.Pipelines.Featurization;

/// <summary>
/// The choices of <see cref="DefaultFeaturizer"/>, each one a dimension AutoML can search.
/// The defaults suit linear models and trees alike.
/// </summary>
public sealed record FeaturizerOptions
{
    /// <summary>A categorical column with at most this many distinct training values is one-hot encoded; above it, hashed (default 32).</summary>
    public int OneHotMaxCardinality { get; init; } = 32;

    /// <summary>Bits of the hash space for high-cardinality categoricals: 2^bits slots (default 10, range 1..30).</summary>
    public int HashingBits { get; init; } = 10;

    /// <summary>
    /// How a categorical column with more than <see cref="OneHotMaxCardinality"/> distinct values is encoded: hashed
    /// one-hot slots (default) or target encoding (<see cref="TargetEncodingEstimator"/>: the smoothed label mean of
    /// each category, cross-fitted on the training rows), which needs a labelled schema.
    /// </summary>
    public CategoricalEncoding HighCardinalityEncoding { get; init; } = CategoricalEncoding.Hashing;

    /// <summary>Smoothing m of target encoding (default 10): see <see cref="TargetEncodingOptions.Smoothing"/>.</summary>
    public double TargetEncodingSmoothing { get; init; } = 10;

    /// <summary>Cross-fitting folds of target encoding (default 5): see <see cref="TargetEncodingOptions.Folds"/>.</summary>
    public int TargetEncodingFolds { get; init; } = 5;

    /// <summary>Seed of target encoding's cross-fitting folds (default 0).</summary>
    public int TargetEncodingSeed { get; init; }

    /// <summary>Longest word n-gram of text columns (default 2; 1 = unigrams).</summary>
    public int TextWordNgramLength { get; init; } = 2;

    /// <summary>
    /// Keep punctuation in word tokens (default false: removed, so "edits," and "edits" are one token, as scikit-learn's
    /// token pattern reads them). Code-like text ("System.Net.Http", "Foo()") can do better with it kept; character
    /// n-grams always keep punctuation.
    /// </summary>
    public bool TextWordsKeepPunctuation { get; init; }

    /// <summary>Weighting of word n-grams (default <see cref="TextWeighting.TfIdf"/>).</summary>
    public TextWeighting TextWordWeighting { get; init; } = TextWeighting.TfIdf;

    /// <summary>Longest character n-gram of text columns (default 3; 0 = no character n-grams).</summary>
    public int TextCharNgramLength { get; init; } = 3;

    /// <summary>
    /// Weighting of character n-grams (default <see cref="TextWeighting.TfIdf"/>). A character n-gram repeats within a
    /// text far more than a word does, so its count matters more: binary IDF throws it away, sublinear TF-IDF damps it.
    /// </summary>
    public TextWeighting TextCharWeighting { get; init; } = TextWeighting.TfIdf;

    /// <summary>
    /// Largest dictionary per n-gram length of each text extractor (word and character), like scikit-learn's
    /// <c>max_features</c>; 0 (default) keeps every n-gram seen in training. Long texts give hundreds of thousands of
    /// character n-grams, and linear trainers slow down with the width; a cap of a few thousand per length usually
    /// keeps the accuracy.
    /// </summary>
    public int TextMaxNgramsPerLength { get; init; }

    /// <summary>Scaling of the dense features: numbers, 0/1 slots, encoded categories, pixels (default MinMax). Text TF-IDF slots are never rescaled.</summary>
    public NormalizerKind Normalizer { get; init; } = NormalizerKind.MinMax;

    /// <summary>Fill for missing numeric values, fitted per training fold (default Mean). Categoricals get the most frequent value unless None.</summary>
    public ImputationKind Imputation { get; init; } = ImputationKind.Mean;

    /// <summary>Add a 0/1 slot per column with missing values (default true).</summary>
    public bool AddMissingIndicators { get; init; } = true;

    /// <summary>
    /// Side (pixels) that image-path columns are resized to before their pixels (scaled to 0..1; one plane when the
    /// images are grayscale, red, green and blue planes when they are in color) join the features; 0 (default) leaves
    /// image-path columns out, as before (deep CNNs read the images themselves).
    /// </summary>
    public int ImagePixelSide { get; init; }

    /// <summary>Name of the output vector column (default "Features").</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (OneHotMaxCardinality < 1) throw new ArgumentException("OneHotMaxCardinality must be at least 1.", nameof(OneHotMaxCardinality));
        if (HashingBits is < 1 or > 30) throw new ArgumentException("HashingBits must be in 1..30.", nameof(HashingBits));
        if (!Enum.IsDefined(HighCardinalityEncoding)) throw new ArgumentException($"HighCardinalityEncoding {(int)HighCardinalityEncoding} is not a CategoricalEncoding.", nameof(HighCardinalityEncoding));
        if (!(TargetEncodingSmoothing >= 0) || double.IsInfinity(TargetEncodingSmoothing)) throw new ArgumentException("TargetEncodingSmoothing must be 0 or more.", nameof(TargetEncodingSmoothing));
        if (TargetEncodingFolds < 1) throw new ArgumentException("TargetEncodingFolds must be at least 1.", nameof(TargetEncodingFolds));
        if (TextWordNgramLength < 1) throw new ArgumentException("TextWordNgramLength must be at least 1.", nameof(TextWordNgramLength));
        if (TextCharNgramLength < 0) throw new ArgumentException("TextCharNgramLength must be 0 or more.", nameof(TextCharNgramLength));
        if (!Enum.IsDefined(TextWordWeighting)) throw new ArgumentException($"TextWordWeighting {(int)TextWordWeighting} is not a TextWeighting.", nameof(TextWordWeighting));
        if (!Enum.IsDefined(TextCharWeighting)) throw new ArgumentException($"TextCharWeighting {(int)TextCharWeighting} is not a TextWeighting.", nameof(TextCharWeighting));
        if (TextMaxNgramsPerLength < 0) throw new ArgumentException("TextMaxNgramsPerLength must be 0 (no limit) or more.", nameof(TextMaxNgramsPerLength));
        if (ImagePixelSide is < 0 or > 256) throw new ArgumentException("ImagePixelSide must be in 0..256.", nameof(ImagePixelSide));
        ArgumentException.ThrowIfNullOrWhiteSpace(FeatureColumnName, nameof(FeatureColumnName));
    }
}
