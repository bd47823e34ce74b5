namespace DeepRoad.Ensembles;

/// <summary>Progress of an ensemble fit: one report per finished member fit.</summary>
/// <param name="Stage">What is being fitted (for example "layer 1 fold 3/5" or "round 4").</param>
/// <param name="Member">The member's name.</param>
/// <param name="Completed">Fits finished so far.</param>
/// <param name="Total">Fits planned (an upper bound for AdaBoost, which may stop early).</param>
public sealed record EnsembleProgress(string Stage, string Member, int Completed, int Total);
