using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// AutoML's cost-aware DeepRoad.Tuning <see cref="ISampler"/> over the joint <see cref="AutoMLSpace"/>: first every
/// trainer's library default (cheapest trainers first), then the second configuration of the linear trainers and k nearest neighbours
/// (<see cref="AutoMLSpace.Alternate"/>), then a trainer chosen by its best loss so far (mostly the
/// leader, sometimes the runner-up or any; ties go to the cheaper one), and within it a cost-frugal random
/// configuration (size-like parameters from the lower part of their range) until it has 3 observations, then a
/// per-trainer <see cref="GaussianProcessSampler"/> on that trainer's subspace (its pending trials as constant liars).
/// Deterministic for a seed and a history, like every DeepRoad.Tuning sampler.
/// </summary>
internal sealed class PortfolioSampler : ISampler
{
    private readonly AutoMLSpace _space;
    private readonly int _seed;
    private readonly Dictionary<AutoMLTrainer, GaussianProcessSampler> _gp;

    public PortfolioSampler(AutoMLSpace space, int seed)
    {
        _space = space;
        _seed = seed;
        _gp = space.Trainers.ToDictionary(t => t, t => new GaussianProcessSampler(Seeds.Derive(seed, 1000 + (int)t),
            new GaussianProcessSamplerOptions { InitialTrials = 3, Candidates = 256, LocalCandidates = 128, RefineStarts = 3 }));
    }

    public ParameterSet? Propose(SamplerContext context)
    {
        var trainers = _space.Trainers;
        int n = context.TrialNumber;
        // Every trainer's library default first, cheapest first. A trainer counts as tried once a trial of it is pending
        // or has ended in any way other than "Cancelled." (the deadline or the caller stopped it): a resumed study thus
        // gives a default that the last run's deadline cut short another chance, and never repeats a failed one.
        foreach (var trainer in trainers)
            if (!Tried(trainer, context)) return _space.Default(trainer);
        // Then the second configurations (AutoMLSpace.Alternate), unless the trainer has failed: one
        // poor library default must not decide the trainer's rank.
        foreach (var trainer in trainers)
            if (_space.Alternate(trainer) is { } second && !Tried(second, context) && !Failed(trainer, context)) return second;
        var rng = new Random(Seeds.Derive(_seed, n));
        var t = PickTrainer(context, rng);
        var sub = _space.Subspaces[t];
        var mine = context.History.Where(h => AutoMLSpace.TrainerOf(h.Parameters) == t)
            .Select(h => h with { Parameters = sub.Normalize(_space.ToSub(h.Parameters)) }).ToList();
        var pending = context.Pending.Where(p => AutoMLSpace.TrainerOf(p) == t).Select(p => sub.Normalize(_space.ToSub(p))).ToList();
        var used = new HashSet<string>(mine.Select(h => h.Parameters.Key).Concat(pending.Select(p => p.Key)));
        ParameterSet proposal;
        if (sub.DimensionCount == 0) proposal = sub.FromUnit([]);
        else if (mine.Count(h => h.State == DeepRoad.Tuning.TrialState.Complete && h.Value is { } v && double.IsFinite(v)) < 3)
            proposal = sub.FromUnit(sub.Dimensions.Select(p => IsSize(p.Name) ? 0.6 * rng.NextDouble() : rng.NextDouble()).ToArray());
        else
            proposal = _gp[t].Propose(new SamplerContext(sub, StudyDirection.Minimize, n, mine, pending)) ?? Random(sub, rng);
        for (int tries = 0; used.Contains(proposal.Key) && tries < 20; tries++) proposal = Random(sub, rng);
        return _space.FromSub(t, proposal);
    }

    private static bool Tried(AutoMLTrainer t, SamplerContext context) =>
        context.Pending.Any(p => AutoMLSpace.TrainerOf(p) == t) || context.History.Any(h => AutoMLSpace.TrainerOf(h.Parameters) == t && !Cancelled(h));

    private static bool Tried(ParameterSet p, SamplerContext context) =>
        context.Pending.Any(q => q.Key == p.Key) || context.History.Any(h => h.Parameters.Key == p.Key && !Cancelled(h));

    private static bool Failed(AutoMLTrainer t, SamplerContext context) =>
        context.History.Any(h => AutoMLSpace.TrainerOf(h.Parameters) == t && h.State == DeepRoad.Tuning.TrialState.Failed && !Cancelled(h));

    /// <summary>Ended by the deadline or the caller (recorded as failed with the study's cancellation error): not a real try.</summary>
    private static bool Cancelled(FrozenTrial h) => h.State == DeepRoad.Tuning.TrialState.Failed && h.Error == Study.CancelledError;

    private AutoMLTrainer PickTrainer(SamplerContext context, Random rng)
    {
        var cost = _space.Trainers.ToList(); // already cheapest first for this data (AutoMLSpace.CostOrderFor)
        var ranked = _space.Trainers
            .Select(t => (t, best: context.History
                .Where(h => h.State == DeepRoad.Tuning.TrialState.Complete && h.Value is { } v && double.IsFinite(v) && AutoMLSpace.TrainerOf(h.Parameters) == t)
                .Select(h => h.Value!.Value).DefaultIfEmpty(double.PositiveInfinity).Min()))
            .OrderBy(x => x.best).ThenBy(x => cost.IndexOf(x.t)).Select(x => x.t).ToList();
        double u = rng.NextDouble();
        if (u < 0.55 || ranked.Count == 1) return ranked[0];
        if (u < 0.8) return ranked[1];
        return ranked[rng.Next(ranked.Count)];
    }

    private static bool IsSize(string name) =>
        new[] { "Iterations", "Trees", "epochs", "hidden" }.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static ParameterSet Random(SearchSpace space, Random rng) => space.FromUnit(space.Dimensions.Select(_ => rng.NextDouble()).ToArray());
}
