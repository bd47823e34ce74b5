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
}
