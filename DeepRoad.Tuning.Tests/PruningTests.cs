using DeepRoad.Tuning.Pruning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Tests;

public sealed class PruningTests
{
    private static FrozenTrial T(int number, TrialState state, params double[] values) => new()
    {
        Number = number, State = state, Parameters = ParameterSet.Empty,
        IntermediateValues = values.Select((v, i) => new KeyValuePair<int, double>(i, v)).ToArray(),
    };

    [Fact]
    public void Median_PrunesWorseThanMedian_OnlyAfterStartup()
    {
        var pruner = new MedianPruner(StartupTrials: 3);
        var others = new[] { T(0, TrialState.Complete, 5, 4, 3), T(1, TrialState.Complete, 6, 5, 4), T(2, TrialState.Complete, 7, 6, 5) };
        Assert.True(pruner.ShouldPrune(T(3, TrialState.Running, 8, 7), others, StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(3, TrialState.Running, 8, 4.5), others, StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(3, TrialState.Running, 8, 7), others.Take(2).ToArray(), StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(3, TrialState.Running, 8, 7), others, StudyDirection.Maximize));
        Assert.False(new MedianPruner(StartupTrials: 3, WarmupSteps: 5).ShouldPrune(T(3, TrialState.Running, 8, 7), others, StudyDirection.Minimize));
    }

    [Fact]
    public void SuccessiveHalving_PromotesTopThird_AtRungs()
    {
        var pruner = new SuccessiveHalvingPruner(MinResource: 1, ReductionFactor: 3);
        var others = Enumerable.Range(0, 8).Select(i => T(i, TrialState.Complete, 10, i)).ToArray(); // values at step 1: 0..7
        // 9 competitors at rung step 1 -> top 3 (values <= 2) continue
        Assert.False(pruner.ShouldPrune(T(9, TrialState.Running, 10, 1.5), others, StudyDirection.Minimize));
        Assert.True(pruner.ShouldPrune(T(9, TrialState.Running, 10, 2.5), others, StudyDirection.Minimize));
        // step 2 is not a rung (rungs 1, 3, 9, ...)
        Assert.False(pruner.ShouldPrune(T(9, TrialState.Running, 10, 100, 100), others, StudyDirection.Minimize));
    }

    [Fact]
    public void Hyperband_AssignsBracketsDeterministically_AndCoversAll()
    {
        var hb = new HyperbandPruner(1, 27, 3);
        Assert.Equal(4, hb.Brackets);
        var brackets = Enumerable.Range(0, 400).Select(hb.BracketOf).ToArray();
        Assert.Equal(brackets, Enumerable.Range(0, 400).Select(hb.BracketOf));
        Assert.Equal([0, 1, 2, 3], brackets.Distinct().Order());
    }

    [Theory]
    [InlineData("median")]
    [InlineData("sha")]
    [InlineData("hyperband")]
    public async Task Study_WithPruner_MarksPrunedTrials_AndSavesWork(string kind)
    {
        IPruner pruner = kind switch
        {
            "median" => new MedianPruner(StartupTrials: 3),
            "sha" => new SuccessiveHalvingPruner(1, 3),
            _ => new HyperbandPruner(1, 27, 3),
        };
        var space = new SearchSpace(Parameter.Float("quality", 0, 1));
        var study = new Study("prune", space, new RandomSampler(1), pruner: pruner);
        var steps = 0;
        var r = await study.OptimizeAsync(Objective.Create((t, _) =>
        {
            var q = t.Parameters.GetDouble("quality");
            double loss = 0;
            for (var epoch = 0; epoch < 27; epoch++)
            {
                Interlocked.Increment(ref steps);
                loss = q + 1.0 / (epoch + 1);
                t.ReportAndPrune(epoch, loss);
            }
            return loss;
        }), StudyBudget.OfTrials(30));
        var pruned = r.Trials.Where(t => t.State == TrialState.Pruned).ToArray();
        Assert.NotEmpty(pruned);
        Assert.All(pruned, t => Assert.Equal(t.IntermediateValues[^1].Value, t.Value));
        Assert.True(steps < 30 * 27);
        // The best trials survive: the best complete trial beats the median quality.
        Assert.True(r.BestTrial!.Parameters.GetDouble("quality") < 0.5);
    }
}
