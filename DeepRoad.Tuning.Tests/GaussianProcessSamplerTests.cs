using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Tests.Functions;

namespace DeepRoad.Tuning.Tests;

public sealed class GaussianProcessSamplerTests
{
    [Fact]
    public async Task Branin_Gp40Evaluations_FindsMinimumForMostSeeds()
    {
        var hits = 0;
        var bests = new List<double>();
        foreach (var seed in new[] { 1, 2, 3, 4, 5 })
        {
            var study = new Study("branin", TestFunctions.BraninSpace, new GaussianProcessSampler(seed));
            var result = await study.OptimizeAsync(Objective.Create(TestFunctions.Branin), StudyBudget.OfTrials(40));
            Assert.Equal(40, result.Trials.Count);
            bests.Add(result.BestValue!.Value);
            if (result.BestValue!.Value - TestFunctions.BraninMinimum <= 0.05) hits++;
        }
        Assert.True(hits >= 4, $"best values: {string.Join(", ", bests)}");
    }

    [Fact]
    public async Task WarmStartedProposals_AreDeterministicAndEqualAcrossWorkersWithTheSameWindow()
    {
        // 40 trials: past WarmStartAfter (30), so warm-started fits and the periodic full refit are both exercised.
        async Task<double[]> Run(int workers)
        {
            var study = new Study("branin", TestFunctions.BraninSpace, new GaussianProcessSampler(7), options: new StudyOptions { Workers = workers, PendingWindow = 1 });
            var result = await study.OptimizeAsync(Objective.Create(TestFunctions.Branin), StudyBudget.OfTrials(40));
            return result.Trials.OrderBy(t => t.Number).Select(t => t.Parameters.GetDouble("x1") + 100 * t.Parameters.GetDouble("x2")).ToArray();
        }
        var a = await Run(1);
        var b = await Run(1);
        var c = await Run(2);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }
}
