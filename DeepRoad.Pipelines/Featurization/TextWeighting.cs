namespace DeepRoad.Pipelines.Featurization;

/// <summary>How the n-grams of a text column are weighted before the vector is L2-normalised.</summary>
public enum TextWeighting
{
    /// <summary>Count times inverse document frequency (ML.NET's <c>TfIdf</c>; scikit-learn's <c>TfidfVectorizer</c> default).</summary>
    TfIdf,

    /// <summary>
    /// Inverse document frequency where the n-gram occurs, 0 elsewhere (ML.NET's <c>Idf</c> weighting; scikit-learn's
    /// <c>TfidfVectorizer(binary=True)</c>): a repeated word counts once. On short texts this is close to sublinear
    /// (1 + log count) weighting, which ML.NET does not offer.
    /// </summary>
    BinaryIdf,
}
