namespace DeepRoad.Pipelines.Featurization;

/// <summary>How <see cref="DefaultFeaturizer"/> encodes a categorical column with more values than <see cref="FeaturizerOptions.OneHotMaxCardinality"/>.</summary>
public enum CategoricalEncoding
{
    /// <summary>One-hot slots of the hashed value (2^<see cref="FeaturizerOptions.HashingBits"/> slots; values can collide).</summary>
    Hashing,

    /// <summary>Target encoding (<see cref="TargetEncodingEstimator"/>): the smoothed label mean of each value, cross-fitted on the training rows.</summary>
    Target,
}
