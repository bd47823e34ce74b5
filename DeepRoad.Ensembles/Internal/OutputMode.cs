namespace DeepRoad.Ensembles.Internal;

/// <summary>What a member's scored row is read as.</summary>
internal enum OutputMode
{
    /// <summary>Class probabilities (binary from Probability, multiclass from the Score vector).</summary>
    Probabilities,

    /// <summary>One-hot of PredictedLabel (members without probabilities in hard voting / SAMME).</summary>
    HardLabel,

    /// <summary>The regression Score.</summary>
    Value,
}
