using DeepRoad.AutoML.Search;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.AutoML.Tests;

/// <summary>Successive halving on rows compares a trial with earlier trials of its own trainer only.</summary>
public sealed class AutoMLPrunerTests
{
    private static FrozenTrial T(int number, AutoMLTrainer trainer, double subsampleLoss, Tuning.TrialState state = Tuning.TrialState.Complete) => new()
    {
        Number = number, State = state,
        Parameters = new ParameterSet(new Dictionary<string, object> { [AutoMLSpace.TrainerParameter] = trainer.ToString() }),
        IntermediateValues = [new KeyValuePair<int, double>(AutoMLPruner.SubsampleStep, subsampleLoss)],
    };

    [Fact]
    public void ShouldPrune_RowSubsample_RanksATrialAmongItsOwnTrainersTrialsOnly()
    {
        var pruner = new AutoMLPruner(window: 1, minPeers: 4, exemptBelow: 2);
        // Six linear trials with far lower subsample losses than any tree's (a low rung favours linear models on small data).
        var linear = Enumerable.Range(2, 6).Select(i => T(i, AutoMLTrainer.SdcaLinear, 0.01 * i)).ToList();
        var tree = T(20, AutoMLTrainer.LightGbm, 0.55, Tuning.TrialState.Running);
        Assert.False(pruner.ShouldPrune(tree, linear, StudyDirection.Minimize));

        // Among six trees with subsample losses 0.1 .. 0.6 it is in the worse half; a tree at 0.15 is not.
        var trees = Enumerable.Range(8, 6).Select(i => T(i, AutoMLTrainer.LightGbm, 0.1 * (i - 7))).ToList();
        Assert.True(pruner.ShouldPrune(tree, [.. linear, .. trees], StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(20, AutoMLTrainer.LightGbm, 0.15, Tuning.TrialState.Running), [.. linear, .. trees], StudyDirection.Minimize));
        // A linear trial in the worse half of the linear ones is pruned, trees or not.
        Assert.True(pruner.ShouldPrune(T(20, AutoMLTrainer.SdcaLinear, 0.065, Tuning.TrialState.Running), [.. linear, .. trees], StudyDirection.Minimize));
    }
}
