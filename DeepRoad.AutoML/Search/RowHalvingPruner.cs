using DeepRoad.Tuning;
using DeepRoad.Tuning.Pruning;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Successive halving on rows with DeepRoad.Tuning's <see cref="SuccessiveHalvingPruner"/> (η = 2: a trial goes on to
/// full cross-validation only when its loss on the row subsample, reported at step 1, is in the better half). AutoML
/// adds what makes it safe and deterministic: the first trial of each trainer is never pruned, nothing is pruned
/// before <c>minPeers</c> trials have a subsample value, and peers are only the trials numbered below
/// <c>n - window</c> (finished before trial n was proposed), so the decision does not depend on worker timing.
/// </summary>
internal sealed class RowHalvingPruner(int window, int minPeers, int exemptBelow) : IPruner
{
    /// <summary>The intermediate step at which the subsample loss is reported.</summary>
    public const int SubsampleStep = 1;

    private readonly SuccessiveHalvingPruner _inner = new(MinResource: SubsampleStep, ReductionFactor: 2);

    public bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction)
    {
        if (trial.Number < exemptBelow || trial.IntermediateValues.Count == 0) return false;
        int step = trial.IntermediateValues[^1].Key;
        var peers = others.Where(t => t.Number < trial.Number - window && t.IsFinished && t.IntermediateAt(step) is not null).ToList();
        return peers.Count >= minPeers && _inner.ShouldPrune(trial, peers, direction);
    }
}
