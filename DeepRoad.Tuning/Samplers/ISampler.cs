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
}
