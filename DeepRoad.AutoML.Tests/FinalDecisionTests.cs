using DeepRoad.AutoML.Ensembling;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML.Tests;

/// <summary>The final-model decision among selection, the stacks and the per-trainer average (<see cref="FinalDecision"/>).</summary>
public sealed class FinalDecisionTests
{
    private static readonly float[] Truth = Enumerable.Range(0, 200).Select(i => (float)(i % 2)).ToArray();

    /// <summary>Predictions that get the label right on a <paramref name="right"/> share of the rows (seeded), with confident probabilities.</summary>
    private static PredictionMatrix Right(double right, int seed)
    {
        var rng = new Random(seed);
        return PredictionMatrix.FromPositiveProbabilities(Truth.Select(t =>
        {
            bool ok = rng.NextDouble() < right;
            float p = 0.6f + 0.3f * rng.NextSingle();
            return (t > 0.5f) == ok ? p : 1 - p;
        }).ToArray());
    }

    private static FinalDecision.Outcome Decide(PredictionMatrix selection, IReadOnlyList<FinalDecision.FittedStack> stacks,
        FinalModelCrossValidation.Result? nested, PredictionMatrix? average, bool? force = null) =>
        FinalDecision.Decide(MetricKind.Accuracy, Truth, MLTask.BinaryClassification, 0, selection, stacks, nested, average, force);

    [Fact]
    public void Stacks_AreRankedOnTheirNestedScores_AndTheBestBeatsAWorseSelection()
    {
        var weak = Right(0.70, 1);
        var good = Right(0.85, 2);
        var great = Right(0.95, 3);
        // Stack 0 looks best on its meta-learner's own score but is worse nested; stack 1 is the better one nested.
        var stacks = new List<FinalDecision.FittedStack> { new(0, great, 0.99), new(1, weak, 0.80) };
        var nested = new FinalModelCrossValidation.Result(Selection: weak, Average: weak, Stacks: [good, great]);
        var d = Decide(weak, stacks, nested, average: null);
        Assert.Equal(1, d.Stack);
        Assert.True(d.StackBeatsSelection);
        Assert.Equal(FinalDecision.Choice.Stack, d.Choice);
        Assert.Equal(Metric.Compute(MetricKind.Accuracy, Truth, great, MLTask.BinaryClassification), d.StackNested);
        Assert.Null(d.RivalWinRate);

        // Without the nested run the meta-learners' own scores rank the stacks, against the selection's plain score.
        var plain = Decide(weak, stacks, nested: null, average: null);
        Assert.Equal(0, plain.Stack);
        Assert.Null(plain.StackNested);
        Assert.Equal(FinalDecision.Choice.Stack, plain.Choice);
    }

    [Fact]
    public void Average_StaysUnlessItsRivalIsClearlyBetter()
    {
        var selection = Right(0.95, 4);
        var stacks = new List<FinalDecision.FittedStack> { new(0, Right(0.90, 5), 0.90) };
        // A clearly worse average loses to the selection (the stack does not beat the selection, so it is the rival).
        var worse = Right(0.70, 6);
        var lost = Decide(selection, stacks, new FinalModelCrossValidation.Result(selection, worse, [stacks[0].Oof]), worse);
        Assert.False(lost.StackBeatsSelection);
        Assert.Equal(FinalDecision.Choice.Selection, lost.Choice);
        Assert.True(lost.RivalWinRate >= AutoMLExperiment.AverageRivalWinRate, $"{lost.RivalWinRate}");

        // An average one row behind the selection is within the noise: it is the final model.
        var near = PredictionMatrix.FromPositiveProbabilities(Enumerable.Range(0, 200).Select(i => i == Enumerable.Range(0, 200).First(r => selection[r, 1] > 0.5f == Truth[r] > 0.5f)
            ? 1 - selection[i, 1] : selection[i, 1]).ToArray());
        var kept = Decide(selection, stacks, new FinalModelCrossValidation.Result(selection, near, [stacks[0].Oof]), near);
        Assert.Equal(FinalDecision.Choice.Average, kept.Choice);
        Assert.True(kept.RivalWinRate < AutoMLExperiment.AverageRivalWinRate, $"{kept.RivalWinRate}");
        Assert.Equal(kept.AverageNested, kept.AverageScore);
    }

    [Fact]
    public void ForcedStack_WinsOverABetterSelection_ButNeedsAFittedStack()
    {
        var selection = Right(0.95, 7);
        var stacks = new List<FinalDecision.FittedStack> { new(0, Right(0.70, 8), 0.70) };
        Assert.Equal(FinalDecision.Choice.Stack, Decide(selection, stacks, null, null, force: true).Choice);
        Assert.Equal(FinalDecision.Choice.Selection, Decide(selection, [], null, null, force: true).Choice);
        Assert.Equal(FinalDecision.Choice.Selection, Decide(Right(0.7, 9), stacks.Select(s => s with { Score = 0.99 }).ToList(), null, null, force: false).Choice);
    }
}
