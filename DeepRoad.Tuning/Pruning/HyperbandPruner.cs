namespace DeepRoad.Tuning.Pruning;

/// <summary>
/// Hyperband (Li et al. 2018) over successive-halving brackets with early-stopping rates 0..B-1, where
/// B = floor(log_η(MaxResource / MinResource)) + 1. Trials are assigned to brackets by number, in proportion to each
/// bracket's budget, and compete only within their bracket.
/// </summary>
public sealed record HyperbandPruner(int MinResource = 1, int MaxResource = 81, int ReductionFactor = 3) : IPruner
{
    /// <summary>Number of brackets.</summary>
    public int Brackets => (int)Math.Floor(Math.Log((double)MaxResource / MinResource, ReductionFactor) + 1e-9) + 1;

    /// <summary>The bracket of trial <paramref name="number"/>.</summary>
    public int BracketOf(int number)
    {
        var b = Brackets;
        // Budget of bracket s is proportional to (B / (s + 1)) * η^s / η^s-ish; use Optuna's weights: ceil(B * η^s / (s + 1)) / η^s.
        var weights = Enumerable.Range(0, b).Select(s => Math.Ceiling(b * Math.Pow(ReductionFactor, s) / (s + 1)) / Math.Pow(ReductionFactor, s)).ToArray();
        var total = weights.Sum();
        // Deterministic, evenly spread position in [0, total).
        var pos = (Samplers.Seeds.Derive(0x4879, number) / (double)int.MaxValue) * total;
        for (var s = 0; s < b; s++)
        {
            if (pos < weights[s]) return s;
            pos -= weights[s];
        }
        return b - 1;
    }

    /// <inheritdoc />
    public bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction)
    {
        if (MinResource < 1 || MaxResource < MinResource || ReductionFactor < 2) throw new ArgumentException("HyperbandPruner: need 1 <= MinResource <= MaxResource and ReductionFactor >= 2.");
        var bracket = BracketOf(trial.Number);
        var sh = new SuccessiveHalvingPruner(MinResource, ReductionFactor, bracket) { Peers = t => BracketOf(t.Number) == bracket };
        return sh.ShouldPrune(trial, others, direction);
    }
}
