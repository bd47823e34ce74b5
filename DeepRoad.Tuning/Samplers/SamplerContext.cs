using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers;

/// <summary>What a sampler sees when proposing trial <paramref name="TrialNumber"/>.</summary>
/// <param name="Space">The search space.</param>
/// <param name="Direction">Whether lower or higher values are better.</param>
/// <param name="TrialNumber">Number of the trial being proposed (seeds derive from it).</param>
/// <param name="History">Finished trials (complete, pruned, failed) visible to this proposal.</param>
/// <param name="Pending">Parameters of trials that are running (or treated as such); batch samplers use them as constant liars.</param>
public sealed record SamplerContext(
    SearchSpace Space,
    StudyDirection Direction,
    int TrialNumber,
    IReadOnlyList<FrozenTrial> History,
    IReadOnlyList<ParameterSet> Pending)
{
    /// <summary>A context with no history, for a first proposal.</summary>
    public static SamplerContext Empty(SearchSpace space, int trialNumber = 0) => new(space, StudyDirection.Minimize, trialNumber, [], []);
}
