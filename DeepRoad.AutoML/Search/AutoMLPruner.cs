using DeepRoad.Tuning;
using DeepRoad.Tuning.Pruning;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Successive halving with DeepRoad.Tuning's <see cref="SuccessiveHalvingPruner"/> (η = 2: only the better half goes
/// on), on two resources reported as intermediate values: rows for classic trainers (the loss on a row subsample at
/// step <see cref="SubsampleStep"/>), epochs for deep ones (the first fold's monitored loss after epoch e at step
/// <see cref="EpochStep"/>(e); rungs at epochs 2, 4, 8, ...). AutoML adds what makes it safe and deterministic: the
/// first trial of each trainer is never pruned, nothing is pruned before <c>minPeers</c> trials reached the same
/// step, and peers are only the trials numbered below <c>n - window</c> (finished before trial n was proposed), so the
/// decision does not depend on worker timing. Peers are the trials of the same trainer: a low rung ranks trainers
/// differently from full data (on a third of a fold of a 353-row table, boosted trees with 20-row leaves lose to a
/// linear model they beat on all rows), so comparing across trainers pruned nearly every tree trial and left the
/// trees' GP without observations. Which trainer gets the trials is <see cref="PortfolioSampler"/>'s choice, from
/// completed trials; the pruner only cuts a trainer's worse configurations.
/// </summary>
internal sealed class AutoMLPruner(int window, int minPeers, int exemptBelow) : IPruner
{
    /// <summary>The step at which the row-subsample loss is reported.</summary>
    public const int SubsampleStep = 1;

    private const int EpochBase = 1000;

    /// <summary>The step at which the loss after 1-based epoch <paramref name="epoch"/> is reported.</summary>
    public static int EpochStep(int epoch) => EpochBase + epoch;

    private readonly SuccessiveHalvingPruner _rows = new(MinResource: SubsampleStep, ReductionFactor: 2);
    private readonly SuccessiveHalvingPruner _epochs = new(MinResource: 2, ReductionFactor: 2);

    private static string? TrainerName(FrozenTrial t) => t.Parameters.TryGetValue(AutoMLSpace.TrainerParameter, out var v) ? v.ToString() : null;

    public bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction)
    {
        if (trial.Number < exemptBelow || trial.IntermediateValues.Count == 0) return false;
        int step = trial.IntermediateValues[^1].Key;
        string? trainer = TrainerName(trial);
        var peers = others.Where(t => t.Number < trial.Number - window && t.IsFinished && t.IntermediateAt(step) is not null && TrainerName(t) == trainer).ToList();
        if (peers.Count < minPeers) return false;
        if (step < EpochBase) return _rows.ShouldPrune(trial, peers, direction);
        // Epoch steps map to epochs for the inner pruner's rungs.
        static FrozenTrial Epochs(FrozenTrial t) => t with
        {
            IntermediateValues = t.IntermediateValues.Where(kv => kv.Key > EpochBase).Select(kv => new KeyValuePair<int, double>(kv.Key - EpochBase, kv.Value)).ToList(),
        };
        return _epochs.ShouldPrune(Epochs(trial), peers.Select(Epochs).ToList(), direction);
    }
}
