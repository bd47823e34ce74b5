namespace DeepRoad.Pipelines.Cleaning;

/// <summary>How missing values are filled. Numeric columns use the kind; categorical columns always use the most frequent value.</summary>
public enum ImputationKind
{
    /// <summary>Leave missing values (NaN / empty) as they are.</summary>
    None,

    /// <summary>The training mean.</summary>
    Mean,

    /// <summary>The training median.</summary>
    Median,

    /// <summary>The most frequent training value (smallest on ties).</summary>
    MostFrequent,
}
