namespace DeepRoad.Pipelines.Featurization;

/// <summary>How the n-grams of a text column are weighted before the vector is L2-normalised.</summary>
public enum TextWeighting
{
    /// <summary>Count times inverse document frequency (ML.NET's <c>TfIdf</c>; scikit-learn's <c>TfidfVectorizer</c> default).</summary>
    TfIdf,

    /// <summary>
    /// Inverse document frequency where the n-gram occurs, 0 elsewhere (ML.NET's <c>Idf</c> weighting; scikit-learn's
    /// <c>TfidfVectorizer(binary=True)</c>): a repeated word counts once. On short texts this is close to sublinear
    /// (1 + log count) weighting.
    /// </summary>
    BinaryIdf,

    /// <summary>
    /// (1 + ln count) times inverse document frequency (scikit-learn's <c>TfidfVectorizer(sublinear_tf=True)</c>, built
    /// by <see cref="TfIdfEstimator"/>): the tenth occurrence of an n-gram in one text adds far less than its first, but
    /// more than nothing. ML.NET's n-gram weighting has no such option.
    /// </summary>
    SublinearTfIdf,
}
