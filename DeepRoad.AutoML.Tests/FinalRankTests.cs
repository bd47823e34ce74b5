using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.AutoML.Tests;

/// <summary>How completed trials are ranked for the final model: by score, exact ties by out-of-fold log-loss, then by number.</summary>
public sealed class FinalRankTests
{
    private static TrialOutcome Trial(int number, double score, params float[] positive) => new(
        new TrialRecord { Number = number, Trainer = AutoMLTrainer.LightGbm, Pipeline = "", Parameters = new Dictionary<string, double>(), State = TrialState.Complete, Score = score },
        new ParameterSet(new Dictionary<string, object>()), PredictionMatrix.FromPositiveProbabilities(positive), []);

    [Fact]
    public void Rank_AccuracyTie_GoesToTheBetterLogLoss_NotTheEarlierTrial()
    {
        float[] truth = [1, 0, 1, 0];
        var timid = Trial(1, 1.0, 0.55f, 0.45f, 0.55f, 0.45f);
        var sure = Trial(2, 1.0, 0.95f, 0.05f, 0.95f, 0.05f);
        var wrong = Trial(3, 0.5, 0.9f, 0.9f, 0.9f, 0.9f);
        var ranked = AutoMLExperiment.Rank([wrong, timid, sure], MetricKind.Accuracy, MLTask.BinaryClassification, truth);
        Assert.Equal([2, 1, 3], ranked.Select(x => x.Record.Number));

        // Log-loss itself, and regression metrics, have no tie-break beyond the trial number.
        var byNumber = AutoMLExperiment.Rank([sure, timid], MetricKind.LogLoss, MLTask.BinaryClassification, truth);
        Assert.Equal([1, 2], byNumber.Select(x => x.Record.Number));
        var tiedLoss = AutoMLExperiment.Rank([Trial(5, 0.3, 0.5f, 0.5f, 0.5f, 0.5f), Trial(4, 0.3, 0.9f, 0.1f, 0.9f, 0.1f)], MetricKind.LogLoss, MLTask.BinaryClassification, truth);
        Assert.Equal([4, 5], tiedLoss.Select(x => x.Record.Number));
    }
}
