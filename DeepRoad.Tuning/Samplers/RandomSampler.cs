using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers;

/// <summary>Independent uniform draws in the unit cube (so log scales are log-uniform); inactive conditional parameters are left out.</summary>
public sealed class RandomSampler : ISampler
{
    private readonly int _seed;

    /// <summary>Creates the sampler.</summary>
    public RandomSampler(int seed) => _seed = seed;

    /// <inheritdoc />
    public bool UsesTrialResults => false;

    /// <inheritdoc />
    public ParameterSet? Propose(SamplerContext context)
    {
        var rng = new Random(Seeds.Derive(_seed, context.TrialNumber));
        var u = new double[context.Space.DimensionCount];
        for (var i = 0; i < u.Length; i++) u[i] = rng.NextDouble();
        return context.Space.FromUnit(u);
    }
}
