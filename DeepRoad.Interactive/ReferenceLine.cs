namespace DeepRoad.Interactive;

/// <summary>Reference line drawn under a scatter chart.</summary>
public enum ReferenceLine
{
    /// <summary>No line.</summary>
    None,
    /// <summary>y = x (predicted against actual).</summary>
    Identity,
    /// <summary>y = 0 (residuals).</summary>
    Zero,
}
