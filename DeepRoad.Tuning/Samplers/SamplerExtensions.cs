using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers;

/// <summary>Helpers over <see cref="ISampler"/>.</summary>
public static class SamplerExtensions
{
    /// <summary>
    /// Proposes <paramref name="count"/> parameter sets for consecutive trial numbers, each treating the earlier ones as
    /// pending (constant liar / kriging believer in the GP sampler). Stops early when the sampler is exhausted.
    /// </summary>
    public static IReadOnlyList<ParameterSet> ProposeBatch(this ISampler sampler, SamplerContext context, int count)
    {
        var pending = context.Pending.ToList();
        var batch = new List<ParameterSet>(count);
        for (var i = 0; i < count; i++)
        {
            var p = sampler.Propose(context with { TrialNumber = context.TrialNumber + i, Pending = pending.ToArray() });
            if (p is null) break;
            batch.Add(p);
            pending.Add(p);
        }
        return batch;
    }
}
