namespace DeepRoad.Pipelines.Featurization;

/// <summary>How the dense part of the feature vector (all but text n-grams) is scaled (fitted on training data).</summary>
public enum NormalizerKind
{
    /// <summary>No scaling (trees do not need it).</summary>
    None,

    /// <summary>Scale each slot into [0, 1] by its training min and max (zeros stay zero).</summary>
    MinMax,

    /// <summary>Scale each slot to unit variance by training mean and standard deviation.</summary>
    MeanVariance,
}
