namespace DeepRoad.Pipelines.Metrics;

/// <summary>How per-class precision, recall and F1 are combined (scikit-learn's <c>average</c>).</summary>
public enum AverageKind
{
    /// <summary>Only the positive class (scikit-learn's <c>average="binary"</c> with <c>pos_label</c>).</summary>
    Binary,

    /// <summary>Unweighted mean over the labels present in the truth or the predictions.</summary>
    Macro,

    /// <summary>Computed from the summed true positives, false positives and false negatives.</summary>
    Micro,

    /// <summary>Mean weighted by each label's support (number of true rows).</summary>
    Weighted,
}
