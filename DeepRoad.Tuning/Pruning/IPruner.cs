namespace DeepRoad.Tuning.Pruning;

/// <summary>Decides whether a running trial, given its intermediate values and the other trials', should stop early.</summary>
public interface IPruner
{
    /// <summary>True when <paramref name="trial"/> should be pruned now (called after each report).</summary>
    /// <param name="trial">The running trial with its intermediate values so far.</param>
    /// <param name="others">The other trials of the study (any state).</param>
    /// <param name="direction">Optimisation direction.</param>
    bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction);
}
