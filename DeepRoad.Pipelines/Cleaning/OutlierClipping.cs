namespace DeepRoad.Pipelines.Cleaning;

/// <summary>How numeric outliers are clipped; bounds come from training data.</summary>
public enum OutlierClipping
{
    /// <summary>No clipping.</summary>
    None,

    /// <summary>Clip to the training quantiles <c>ClipLowerQuantile</c> and <c>ClipUpperQuantile</c>.</summary>
    Quantile,

    /// <summary>
    /// Clip to [Q1 - k*IQR, Q3 + k*IQR] with k = <c>IqrFactor</c> (Tukey's fences). A column whose IQR is 0 (half its
    /// rows or more on one value) is not clipped: the fences would call every other value an outlier.
    /// </summary>
    Iqr,
}
