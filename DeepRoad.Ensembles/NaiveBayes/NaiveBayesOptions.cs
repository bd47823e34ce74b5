namespace DeepRoad.Ensembles;

/// <summary>Which naive Bayes event model <see cref="NaiveBayesEstimator"/> fits.</summary>
public enum NaiveBayesKind
{
    /// <summary>Multinomial (scikit-learn's MultinomialNB): per-class feature shares, with a class prior.</summary>
    Multinomial,

    /// <summary>
    /// Complement (Rennie et al. 2003; scikit-learn's ComplementNB): each class is scored against the feature shares of
    /// every other class, which is steadier than the multinomial model when classes are unbalanced (text above all).
    /// </summary>
    Complement,
}

/// <summary>
/// Options of <see cref="NaiveBayesEstimator"/>, after scikit-learn's MultinomialNB / ComplementNB. The features are
/// counts or other non-negative weights (TF-IDF); the label is Boolean (binary) or a key (multiclass).
/// </summary>
public sealed record NaiveBayesOptions
{
    /// <summary>Label column: Boolean (binary) or a UInt32 key (multiclass, <c>MapValueToKey</c>).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>Known-size vector of non-negative Single (sparse vectors are read sparse).</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>The event model (default <see cref="NaiveBayesKind.Complement"/>).</summary>
    public NaiveBayesKind Kind { get; init; } = NaiveBayesKind.Complement;

    /// <summary>Additive (Laplace / Lidstone) smoothing of the feature counts (scikit-learn's alpha; default 1).</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Complement model only: scale each class's weights to unit L1 norm (scikit-learn's norm; default false).</summary>
    public bool NormalizeWeights { get; init; }

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("NaiveBayesOptions.LabelColumnName is empty.");
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("NaiveBayesOptions.FeatureColumnName is empty.");
        if (!(Alpha > 0) || double.IsInfinity(Alpha)) throw new ArgumentOutOfRangeException(nameof(Alpha), Alpha, "NaiveBayesOptions.Alpha must be a positive number.");
        if (!Enum.IsDefined(Kind)) throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "NaiveBayesOptions.Kind is not a known kind.");
    }
}
