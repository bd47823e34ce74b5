namespace DeepRoad.Pipelines.Cleaning;

/// <summary>How numeric outliers are clipped; bounds come from training data.</summary>
public enum OutlierClipping
{
    /// <summary>No clipping.</summary>
    None,

    /// <summary>Clip to the training quantiles <c>ClipLowerQuantile</c> and <c>ClipUpperQuantile</c>.</summary>
    Quantile,

    /// <summary>Clip to [Q1 - k*IQR, Q3 + k*IQR] with k = <c>IqrFactor</c> (Tukey's fences).</summary>
    Iqr,
}
