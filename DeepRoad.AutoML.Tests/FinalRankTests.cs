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

    [Fact]
    public void Leaderboard_RanksExactTiesByLogLoss_AndShowsTheColumnOnlyWhenTrialsHaveIt()
    {
        TrialRecord R(int n, double score, double? logLoss) => new()
        {
            Number = n, Trainer = AutoMLTrainer.LbfgsLinear, Pipeline = "p", Parameters = new Dictionary<string, double>(), State = TrialState.Complete,
            Score = score, LogLoss = logLoss,
        };
        var lb = new Leaderboard([R(0, 0.95, 0.30), R(1, 0.9667, 0.25), R(2, 0.9667, 0.08), R(3, 0.9667, null)], MetricKind.Accuracy, higherIsBetter: true);
        Assert.Equal([2, 1, 3, 0], lb.Ranked.Select(t => t.Number));
        Assert.Equal(2, lb.Best!.Number);
        var csv = lb.ToCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank,trial,trainer,state,accuracy,log_loss,fit_seconds", csv[0]);
        Assert.StartsWith("1,2,LbfgsLinear,Complete,0.9667,0.08,", csv[1]);
        Assert.StartsWith("3,3,LbfgsLinear,Complete,0.9667,,", csv[3]);

        // Regression (no log-loss anywhere): ties by number and no column.
        var reg = new Leaderboard([R(0, 2.5, null), R(1, 2.4, null), R(2, 2.4, null)], MetricKind.Rmse, higherIsBetter: false);
        Assert.Equal([1, 2, 0], reg.Ranked.Select(t => t.Number));
        Assert.StartsWith("rank,trial,trainer,state,rmse,fit_seconds", reg.ToCsv());
    }

    [Fact]
    public void RivalWinRate_ClearlyBetterRivalKeepsIt_NoiseLevelLeadGoesToTheAverage()
    {
        var rng = new Random(3);
        float[] truth = Enumerable.Range(0, 200).Select(i => (float)(i % 2)).ToArray();
        // The rival separates the classes; the average of a good and a useless trainer only half as well.
        var rival = PredictionMatrix.FromPositiveProbabilities(truth.Select(t => (float)Math.Clamp(t * 0.6 + 0.2 + (rng.NextDouble() - 0.5) * 0.8, 0.01, 0.99)).ToArray());
        var weak = PredictionMatrix.FromPositiveProbabilities(truth.Select(t => (float)Math.Clamp(t * 0.2 + 0.4 + (rng.NextDouble() - 0.5) * 0.8, 0.01, 0.99)).ToArray());
        double clear = AutoMLExperiment.RivalWinRate(MetricKind.RocAuc, truth, rival, weak, MLTask.BinaryClassification, 0);
        Assert.True(clear >= AutoMLExperiment.AverageRivalWinRate, $"{clear}");

        // An average that disagrees with the rival on five rows of 200, wrong on three and right on two, is one row
        // behind: within the noise of the rows, so the average stays.
        var nearValues = Enumerable.Range(0, 200).Select(i => rival[i, 1]).ToArray();
        bool Right(int i) => nearValues[i] > 0.5f == truth[i] > 0.5f;
        foreach (var i in Enumerable.Range(0, 200).Where(Right).Take(3).Concat(Enumerable.Range(0, 200).Where(i => !Right(i)).Take(2)).ToList())
            nearValues[i] = 1 - nearValues[i];
        var average = PredictionMatrix.FromPositiveProbabilities(nearValues);
        Assert.Equal(0.005, Metric.Compute(MetricKind.Accuracy, truth, rival, MLTask.BinaryClassification) - Metric.Compute(MetricKind.Accuracy, truth, average, MLTask.BinaryClassification), 9);
        double noise = AutoMLExperiment.RivalWinRate(MetricKind.Accuracy, truth, rival, average, MLTask.BinaryClassification, 0);
        Assert.True(noise < AutoMLExperiment.AverageRivalWinRate, $"{noise}");
        Assert.Equal(noise, AutoMLExperiment.RivalWinRate(MetricKind.Accuracy, truth, rival, average, MLTask.BinaryClassification, 0));
    }
}
