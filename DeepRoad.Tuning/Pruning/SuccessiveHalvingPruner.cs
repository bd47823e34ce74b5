namespace DeepRoad.Tuning.Pruning;

/// <summary>
/// Asynchronous successive halving (Li et al. 2020, as in Optuna): rungs sit at steps
/// <c>MinResource * ReductionFactor^(MinEarlyStoppingRate + k)</c>; at each rung a trial continues only when it is in the
/// top 1/<see cref="ReductionFactor"/> of the trials that reached that rung.
/// </summary>
/// <param name="MinResource">Step of the first rung.</param>
/// <param name="ReductionFactor">η: the fraction 1/η of trials promoted at each rung.</param>
/// <param name="MinEarlyStoppingRate">s: shifts the first rung to MinResource * η^s.</param>
public sealed record SuccessiveHalvingPruner(int MinResource = 1, int ReductionFactor = 3, int MinEarlyStoppingRate = 0) : IPruner
{
    /// <summary>Trials considered for comparison; the Hyperband pruner restricts this to one bracket.</summary>
    internal Func<FrozenTrial, bool>? Peers { get; init; }

    /// <inheritdoc />
    public bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction)
    {
        if (MinResource < 1 || ReductionFactor < 2) throw new ArgumentException("SuccessiveHalvingPruner: MinResource >= 1 and ReductionFactor >= 2 required.");
        if (trial.IntermediateValues.Count == 0) return false;
        var step = trial.IntermediateValues[^1].Key;
        var value = trial.IntermediateValues[^1].Value;
        if (double.IsNaN(value)) return true;
        // Is this step a rung?
        var rung = -1;
        for (var k = 0; ; k++)
        {
            var r = MinResource * Math.Pow(ReductionFactor, MinEarlyStoppingRate + k);
            if (r > step) break;
            if (r == step) { rung = k; break; }
        }
        if (rung < 0) return false;
        var competing = others
            .Where(t => t.Number != trial.Number && (Peers?.Invoke(t) ?? true))
            .Select(t => t.IntermediateAt(step))
            .Where(v => v is { } d && double.IsFinite(d))
            .Select(v => v!.Value)
            .Append(value)
            .ToList();
        competing.Sort();
        var idx = competing.Count / ReductionFactor - 1;
        if (idx < 0) idx = 0; // too few peers yet: continue only if best (Optuna cannot pause trials either)
        return direction == StudyDirection.Minimize ? value > competing[idx] : value < competing[^(idx + 1)];
    }
}
