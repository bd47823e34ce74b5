namespace DeepRoad.AutoML;

/// <summary>One prediction: the class and its probabilities (classification) or the value (regression).</summary>
public sealed record ModelPrediction
{
    /// <summary>Predicted class name (classification); null for regression.</summary>
    public string? PredictedLabel { get; init; }

    /// <summary>Probability per class name (classification); empty for regression.</summary>
    public IReadOnlyDictionary<string, float> Probabilities { get; init; } = new Dictionary<string, float>();

    /// <summary>Predicted value (regression); for classification, the probability of <see cref="PredictedLabel"/>.</summary>
    public float Value { get; init; }
}
