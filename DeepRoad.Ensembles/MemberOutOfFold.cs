using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles;

/// <summary>Out-of-fold predictions of one member on the training rows (row order of the training data).</summary>
/// <param name="Name">The member's name.</param>
/// <param name="Layer">Stacking layer (1-based).</param>
/// <param name="Predictions">Class probabilities or values; each row predicted by a model that never saw it.</param>
public sealed record MemberOutOfFold(string Name, int Layer, PredictionMatrix Predictions);
