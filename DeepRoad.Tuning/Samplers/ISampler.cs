using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers;

/// <summary>
/// Proposes the parameters of the next trial from the history. Samplers are seeded through their constructor and
/// derive the randomness of trial n from (seed, n), so the same seed and the same history give the same proposal.
/// </summary>
public interface ISampler
{
    /// <summary>The parameters for trial <see cref="SamplerContext.TrialNumber"/>, or null when the sampler is exhausted.</summary>
    ParameterSet? Propose(SamplerContext context);

    /// <summary>
    /// Whether proposals depend on the values of finished trials (true for model-based samplers). When false (random,
    /// grid: a proposal depends only on the seed, the trial number and which points were already taken) a parallel study
    /// starts the next trial as soon as a worker is free instead of waiting for the earlier trials of its determinism
    /// window, and still gives the same trials on 1 or N workers.
    /// </summary>
    bool UsesTrialResults => true;
}
