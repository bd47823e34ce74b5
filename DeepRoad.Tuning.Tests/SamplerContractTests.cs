using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Tests;

/// <summary>The contract every sampler keeps: seeded determinism, seed sensitivity, proposals inside the space.</summary>
public sealed class SamplerContractTests
{
    public static TheoryData<string> Samplers => new() { "random", "grid", "gp" };

    private static ISampler Make(string kind, int seed) => kind switch
    {
        "random" => new RandomSampler(seed),
        "grid" => new GridSampler(seed, resolution: 4),
        _ => new GaussianProcessSampler(seed, new GaussianProcessSamplerOptions { InitialTrials = 4, Candidates = 128, LocalCandidates = 32 }),
    };

    private static SearchSpace Space() => new(
        Parameter.Categorical("kind", "linear", "tree"),
        Parameter.Float("lr", 1e-4, 1, log: true),
        Parameter.Int("depth", 2, 12).When("kind", "tree"),
        Parameter.Int("leaves", 2, 512, log: true).When("kind", "tree"),
        Parameter.Float("l2", 0, 1, step: 0.1).When("kind", "linear"),
        Parameter.Fixed("seed", 42));

    private static double Score(ParameterSet p) =>
        Math.Pow(Math.Log10(p.GetDouble("lr")) + 2, 2) + (p.GetString("kind") == "tree" ? Math.Abs(p.GetInt("depth") - 6) * 0.1 + Math.Log2(p.GetInt("leaves")) * 0.05 : p.GetDouble("l2"));

    private static async Task<IReadOnlyList<ParameterSet>> Run(string kind, int seed, int trials = 14)
    {
        var study = new Study("contract", Space(), Make(kind, seed));
        var r = await study.OptimizeAsync(Objective.Create(Score), StudyBudget.OfTrials(trials));
        return r.Trials.Select(t => t.Parameters).ToArray();
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public async Task SameSeed_SameProposals(string kind)
    {
        Assert.Equal(await Run(kind, 7), await Run(kind, 7));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public async Task DifferentSeed_DifferentProposals(string kind)
    {
        Assert.NotEqual(await Run(kind, 7), await Run(kind, 8));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public async Task Proposals_LieInsideSpace_WithConditionsAndLogScales(string kind)
    {
        var space = Space();
        var proposals = await Run(kind, 3, 20);
        foreach (var p in proposals)
        {
            Assert.Null(space.Validate(p));
            Assert.Equal(42, p["seed"]);
            Assert.Equal(p.GetString("kind") == "tree", p.ContainsKey("depth") && p.ContainsKey("leaves"));
            Assert.Equal(p.GetString("kind") == "linear", p.ContainsKey("l2"));
        }
        Assert.Equal(proposals.Count, proposals.Distinct().Count());
    }

    [Fact]
    public void Random_LogScale_IsLogUniform()
    {
        var space = new SearchSpace(Parameter.Float("lr", 1e-4, 1, log: true));
        var sampler = new RandomSampler(1);
        var values = Enumerable.Range(0, 4000).Select(n => sampler.Propose(SamplerContext.Empty(space, n))!.GetDouble("lr")).ToArray();
        // each decade holds about a quarter of the draws
        for (var e = -4; e < 0; e++)
            Assert.InRange(values.Count(v => v >= Math.Pow(10, e) && v < Math.Pow(10, e + 1)), 850, 1150);
    }

    [Fact]
    public async Task Grid_VisitsEveryPointOnceThenIsExhausted()
    {
        var space = new SearchSpace(Parameter.Categorical("a", "x", "y", "z"), Parameter.Int("b", 1, 2), Parameter.Int("c", 1, 3).When("a", "x"));
        Assert.Equal(2 * 3 + 2 + 2, space.Cardinality);
        var study = new Study("grid", space, new GridSampler(1));
        var r = await study.OptimizeAsync(Objective.Create(_ => 1.0), StudyBudget.OfTrials(100));
        Assert.Equal(StudyStopReason.SamplerExhausted, r.StopReason);
        Assert.Equal(10, r.Trials.Count);
        Assert.Equal(10, r.Trials.Select(t => t.Parameters).Distinct().Count());
    }

    [Fact]
    public void Grid_ExplicitValues_AndResolutionOnLogScale()
    {
        var space = new SearchSpace(Parameter.Float("lr", 1e-3, 1e-1, log: true), Parameter.Int("n", 1, 100));
        var grid = new GridSampler(0, resolution: 3, shuffle: false, values: new Dictionary<string, IReadOnlyList<object>> { ["n"] = [10, 20] });
        var pts = grid.Points(space);
        Assert.Equal(6, pts.Count);
        Assert.Equal([1e-3, 1e-2, 1e-1], pts.Select(p => p.GetDouble("lr")).Distinct().Select(v => Math.Round(v, 10)).ToArray());
    }

    [Fact]
    public void Gp_BatchProposals_AreDistinctUnderConstantLiar()
    {
        var space = new SearchSpace(Parameter.Float("x", 0, 1), Parameter.Float("y", 0, 1));
        var history = Enumerable.Range(0, 12).Select(i =>
        {
            var p = space.FromUnit([(i * 0.37) % 1, (i * 0.61) % 1]);
            return new FrozenTrial { Number = i, State = TrialState.Complete, Parameters = p, Value = Math.Pow(p.GetDouble("x") - 0.3, 2) + Math.Pow(p.GetDouble("y") - 0.7, 2) };
        }).ToArray();
        foreach (var strategy in Enum.GetValues<BatchStrategy>())
        {
            var sampler = new GaussianProcessSampler(1, new GaussianProcessSamplerOptions { BatchStrategy = strategy });
            var batch = sampler.ProposeBatch(new SamplerContext(space, StudyDirection.Minimize, 12, history, []), 4);
            Assert.Equal(4, batch.Count);
            Assert.True(4 == batch.Distinct().Count(), $"{strategy}: {string.Join(" | ", batch)}");
            // the batch spreads out instead of stacking on one point
            var minDist = batch.SelectMany((a, i) => batch.Skip(i + 1).Select(b => Math.Sqrt(Math.Pow(a.GetDouble("x") - b.GetDouble("x"), 2) + Math.Pow(a.GetDouble("y") - b.GetDouble("y"), 2)))).Min();
            Assert.True(minDist > (strategy == BatchStrategy.KrigingBeliever ? 1e-5 : 1e-3), $"{strategy}: {minDist}");
        }
    }

    [Theory]
    [InlineData(true, 16, true)]
    [InlineData(false, 16, false)]
    [InlineData(true, 0, false)] // a cap of none imputes none
    public void Gp_PrunedProposals_AreNotProposedAgain_WhenImputedAsWorst(bool impute, int maxImputed, bool spreads)
    {
        // Each proposal is pruned (no value). Left out of the model, a pruned point is proposed again next to itself.
        var space = new SearchSpace(Parameter.Float("x", 0, 1), Parameter.Float("y", 0, 1));
        var history = Enumerable.Range(0, 12).Select(i =>
        {
            var p = space.FromUnit([(i * 0.37) % 1, (i * 0.61) % 1]);
            return new FrozenTrial { Number = i, State = TrialState.Complete, Parameters = p, Value = Math.Pow(p.GetDouble("x") - 0.3, 2) + Math.Pow(p.GetDouble("y") - 0.7, 2) };
        }).ToList();
        var sampler = new GaussianProcessSampler(1, new GaussianProcessSamplerOptions { ImputePrunedAsWorst = impute, MaxImputedPruned = maxImputed });
        var proposals = new List<ParameterSet>();
        for (int n = 12; n < 18; n++)
        {
            var p = sampler.Propose(new SamplerContext(space, StudyDirection.Minimize, n, history, []))!;
            proposals.Add(p);
            history.Add(new FrozenTrial { Number = n, State = TrialState.Pruned, Parameters = p });
        }
        double Dist(ParameterSet a, ParameterSet b) => Math.Sqrt(Math.Pow(a.GetDouble("x") - b.GetDouble("x"), 2) + Math.Pow(a.GetDouble("y") - b.GetDouble("y"), 2));
        var closest = proposals.SelectMany((a, i) => proposals.Skip(i + 1).Select(b => Dist(a, b))).Min();
        if (spreads) Assert.True(closest > 0.02, $"closest pair of proposals {closest}: {string.Join(" | ", proposals)}");
        else Assert.True(closest < 0.02, $"without imputation the proposals were expected to pile up; closest {closest}");
    }

    [Fact]
    public async Task Gp_IntegersAndCategories_FindsDiscreteOptimum()
    {
        var space = new SearchSpace(Parameter.Categorical("c", "a", "b", "c", "d"), Parameter.Int("k", 0, 20), Parameter.Float("x", 0, 1));
        var study = new Study("mixed", space, new GaussianProcessSampler(2));
        var r = await study.OptimizeAsync(Objective.Create(p =>
            (p.GetString("c") == "c" ? 0 : 1) + Math.Abs(p.GetInt("k") - 13) * 0.1 + Math.Pow(p.GetDouble("x") - 0.25, 2)), StudyBudget.OfTrials(30));
        Assert.Equal("c", r.BestTrial!.Parameters.GetString("c"));
        Assert.InRange(r.BestTrial.Parameters.GetInt("k"), 12, 14);
        Assert.True(r.BestValue < 0.15, $"best {r.BestValue}");
    }

    [Fact]
    public async Task Gp_FailedTrials_AreAvoidedAndDoNotBreakTheModel()
    {
        var space = new SearchSpace(Parameter.Float("x", 0, 1));
        var study = new Study("fails", space, new GaussianProcessSampler(4));
        var r = await study.OptimizeAsync(Objective.Create(p => p.GetDouble("x") > 0.6 ? throw new InvalidOperationException("diverged") : Math.Pow(p.GetDouble("x") - 0.55, 2)), StudyBudget.OfTrials(20));
        Assert.Contains(r.Trials, t => t.State == TrialState.Failed);
        Assert.True(r.BestValue < 1e-3);
        Assert.True(r.Trials.Skip(10).Count(t => t.State == TrialState.Failed) <= 4);
    }
}
