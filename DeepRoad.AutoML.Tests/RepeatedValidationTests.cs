using DeepRoad.AutoML.Persistence;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>Repeated cross-validation on small data, and the bound on how many trials keep their fold models in memory.</summary>
public sealed class RepeatedValidationTests
{
    [Fact]
    public async Task Repeats_FitEveryRepeatsFolds_AndAverageTheirOutOfFoldPredictions()
    {
        var train = TestData.Shipped("diabetes", "train.csv");
        var o = new AutoMLOptions
        {
            LabelColumn = "progression", TimeBudget = null, MaxTrials = 1, Workers = 1, Seed = 4, Folds = 3, Repeats = 1,
            Trainers = [AutoMLTrainer.SdcaLinear], Ensemble = false, Refit = true,
        };
        int plainFits = 0;
        var plain = await new AutoMLExperiment(new MLContext(4), o)
        {
            TrainerDecorator = (_, _, est) => { Interlocked.Increment(ref plainFits); return est; },
        }.FitAsync(train);
        // 353 rows: the row subsample (a third of the first fold's training rows), three folds, then the refit on all rows.
        Assert.Equal(1 + 3 + 1, plainFits);
        Assert.Equal(1, plain.Validation.Repeats);

        // Two repeats: the second repeat's fold models predict 100 more than they would, so the averaged out-of-fold
        // predictions sit about 50 above the single repeat's (repeat 0 has the same folds and seeds as the plain run).
        int fits = 0;
        var repeated = await new AutoMLExperiment(new MLContext(4), o with { Repeats = 2 })
        {
            TrainerDecorator = (_, _, est) =>
            {
                int call = Interlocked.Increment(ref fits);
                return call is >= 5 and <= 7 ? est.Append(new MLContext(0).Transforms.CustomMapping<ScoreRow, ScoreRow>((i, s) => s.Score = i.Score + 100, null)) : est;
            },
        }.FitAsync(train);
        Assert.Equal(1 + 6 + 1, fits);
        Assert.Equal(2, repeated.Validation.Repeats);
        Assert.Equal(3, repeated.Validation.Folds);
        var p1 = plain.Validation.BestSingle.Values;
        var p2 = repeated.Validation.BestSingle.Values;
        Assert.Equal(p1.Length, p2.Length);
        Assert.Equal(plain.Validation.Truth, repeated.Validation.Truth);
        double shift = Enumerable.Range(0, p1.Length).Average(i => p2[i] - p1[i]);
        Assert.InRange(shift, 45, 55);
        // The leaderboard score is the metric of the averaged predictions.
        Assert.Equal(Metric.Compute(MetricKind.Rmse, repeated.Validation.Truth, repeated.Validation.BestSingle, Pipelines.MLTask.Regression),
            repeated.Leaderboard.Trials[0].Score!.Value, 6);
    }

    [Fact]
    public void AutoRepeats_ShrinkAsRowsGrow()
    {
        Assert.Equal(3, AutoMLOptions.AutoRepeats(120));
        Assert.Equal(3, AutoMLOptions.AutoRepeats(333));
        Assert.Equal(2, AutoMLOptions.AutoRepeats(334));
        Assert.Equal(2, AutoMLOptions.AutoRepeats(500));
        Assert.Equal(1, AutoMLOptions.AutoRepeats(501));
        Assert.Equal(1, AutoMLOptions.AutoRepeats(40_000));
        var ex = Assert.Throws<ArgumentException>(() => new AutoMLOptions { LabelColumn = "y", Repeats = 0 }.Validate());
        Assert.Contains("--repeats", ex.Message);
    }

    [Fact]
    public void Archive_KeepsPredictionsAndModelsOfTheBestTrialsAndTheBestOfEachTrainerOnly()
    {
        // Higher scores are better: the loss is the negated score.
        using var archive = new TrialArchive(null, "s", "f", keep: 3, loss: x => -x);
        var ml = new MLContext(0);
        var schema = ml.Data.LoadFromEnumerable(new[] { new ScoreRow() }).Schema;
        double[] scores = [0.5, 0.9, 0.7, 0.95, 0.6, 0.8];
        for (int i = 0; i < scores.Length; i++)
        {
            var record = new TrialRecord { Number = i, Trainer = AutoMLTrainer.LightGbm, Pipeline = "", Parameters = new Dictionary<string, double>(), State = TrialState.Complete, Score = scores[i] };
            archive.Save(new TrialOutcome(record, new ParameterSet(new Dictionary<string, object>()), PredictionMatrix.Create(2, 1), []), ml, schema);
            Assert.Equal(Math.Min(i + 1, 3), archive.WholeInMemory);
        }
        // A failed trial holds nothing and does not count.
        archive.Save(new TrialOutcome(new TrialRecord { Number = 6, Trainer = AutoMLTrainer.FastTree, Pipeline = "", Parameters = new Dictionary<string, double>(), State = TrialState.Failed }, new ParameterSet(new Dictionary<string, object>()), null, null), ml, schema);
        // The best trial of another trainer is kept however weak it is (the ensemble may draw on a different family),
        // and it does not push a trial of the best three out.
        var forest = new TrialRecord { Number = 7, Trainer = AutoMLTrainer.FastForest, Pipeline = "", Parameters = new Dictionary<string, double>(), State = TrialState.Complete, Score = 0.1 };
        archive.Save(new TrialOutcome(forest, new ParameterSet(new Dictionary<string, object>()), PredictionMatrix.Create(2, 1), []), ml, schema);
        archive.Save(new TrialOutcome(forest with { Number = 8, Score = 0.05 }, new ParameterSet(new Dictionary<string, object>()), PredictionMatrix.Create(2, 1), []), ml, schema);
        Assert.Equal(4, archive.WholeInMemory);
        var whole = Enumerable.Range(0, 9).Where(i => archive.Load(i, new ParameterSet(new Dictionary<string, object>()), 2, 1, ml)!.Oof is not null).ToList();
        Assert.Equal([1, 3, 5, 7], whole);
        // Records stay for the leaderboard.
        Assert.Equal(0.5, archive.Load(0, new ParameterSet(new Dictionary<string, object>()), 2, 1, ml)!.Record.Score);
    }

    public sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
