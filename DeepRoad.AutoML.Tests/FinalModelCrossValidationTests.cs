using DeepRoad.AutoML.Ensembling;
using DeepRoad.AutoML.Persistence;
using DeepRoad.AutoML.Search;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>The final model's nested cross-validation: the choice of trials is re-run inside each fold, so luck does not count.</summary>
public sealed class FinalModelCrossValidationTests
{
    private static readonly float[] Truth = Enumerable.Range(0, 200).Select(i => (float)(i % 2)).ToArray();

    private static FinalModelCrossValidation.Candidate Noise(int number, Random rng) =>
        new(number, AutoMLTrainer.LightGbm, PredictionMatrix.FromPositiveProbabilities(Truth.Select(_ => (float)rng.NextDouble()).ToArray()));

    private static FinalModelCrossValidation.Result Run(IReadOnlyList<FinalModelCrossValidation.Candidate> pool, int seed = 0) =>
        FinalModelCrossValidation.Run(pool, Truth, MLTask.BinaryClassification, MetricKind.RocAuc,
            new EnsembleSelectionOptions { Metric = MetricKind.RocAuc, Iterations = 20 }, librarySize: 20, stackSize: 5,
            [FinalModelCrossValidation.StackMembers.BestN, FinalModelCrossValidation.StackMembers.BestOfEachTrainer], folds: 5, seed, CancellationToken.None);

    private static double Auc(PredictionMatrix p) => Metric.Compute(MetricKind.RocAuc, Truth, p, MLTask.BinaryClassification);

    [Fact]
    public void Run_PureNoiseTrials_TheLuckiestLooksGoodOnItsRows_NestedScoresAreChance()
    {
        var rng = new Random(5);
        var pool = Enumerable.Range(0, 150).Select(i => Noise(i, rng)).ToList();
        // Picked on the rows that score it, the best of 150 noise trials looks like a model.
        double luckiest = pool.Max(c => Auc(c.Oof));
        Assert.True(luckiest > 0.58, $"{luckiest}");
        // Picked on four fifths and scored on the fifth, every procedure is at chance.
        var nested = Run(pool);
        foreach (var p in new[] { nested.Selection, nested.Average }.Concat(nested.Stacks))
            Assert.InRange(Auc(p), 0.35, luckiest - 0.05);
    }

    [Fact]
    public void Run_OneInformativeTrainerAmongNoise_IsFoundInEveryFold()
    {
        var rng = new Random(6);
        var pool = Enumerable.Range(0, 60).Select(i => Noise(i, rng)).ToList();
        var signal = PredictionMatrix.FromPositiveProbabilities(Truth.Select(t => (float)Math.Clamp(0.3 + 0.4 * t + (rng.NextDouble() - 0.5) * 0.6, 0, 1)).ToArray());
        pool.Add(new FinalModelCrossValidation.Candidate(99, AutoMLTrainer.SdcaLinear, signal));
        double real = Auc(signal);
        Assert.True(real > 0.85, $"{real}");
        var nested = Run(pool);
        // Selection and the stacks lean on the informative trial; the average gives it half the weight, next to the best noise trial.
        Assert.True(Auc(nested.Selection) > real - 0.05, $"{Auc(nested.Selection)} against {real}");
        Assert.All(nested.Stacks, p => Assert.True(Auc(p) > real - 0.08, $"{Auc(p)} against {real}"));
        Assert.InRange(Auc(nested.Average), 0.7, real + 0.02);
        // Seeded: the same seed gives the same predictions, another seed other folds.
        Assert.Equal(nested.Selection.Values, Run(pool).Selection.Values);
        Assert.NotEqual(nested.Average.Values, Run(pool, seed: 1).Average.Values);
    }

    private static PredictionMatrix Signal(Random rng, double strength, int rows = 200) =>
        PredictionMatrix.FromPositiveProbabilities(Enumerable.Range(0, rows).Select(i => (float)Math.Clamp(0.5 + strength * ((i % 2) - 0.5) + (rng.NextDouble() - 0.5) * 0.6, 0, 1)).ToArray());

    [Fact]
    public void TiedWithBest_DropsAClearlyWorseTrainer_KeepsOneWithinTheNoise()
    {
        var rng = new Random(11);
        var best = (Name: "best", Oof: Signal(rng, 0.5));
        var close = (Name: "close", Oof: Signal(rng, 0.48));
        var noise = (Name: "noise", Oof: Signal(rng, 0.0));
        Assert.True(Auc(best.Oof) > 0.9 && Auc(noise.Oof) < 0.6, $"{Auc(best.Oof)} {Auc(noise.Oof)}");
        var tied = FinalModelCrossValidation.TiedWithBest([best, close, noise], x => x.Oof, Truth, MLTask.BinaryClassification, MetricKind.RocAuc, 0.95, seed: 0);
        Assert.Equal(["best", "close"], tied.Select(x => x.Name));
        // Share 1: nothing is beaten on more than every resample, so every trainer stays.
        Assert.Equal(3, FinalModelCrossValidation.TiedWithBest([best, close, noise], x => x.Oof, Truth, MLTask.BinaryClassification, MetricKind.RocAuc, 1.01, seed: 0).Count);
        // Above maxRows rows there is no test: every trainer is kept (the average as it was before the test).
        Assert.Equal(3, FinalModelCrossValidation.TiedWithBest([best, close, noise], x => x.Oof, Truth, MLTask.BinaryClassification, MetricKind.RocAuc, 0.95, seed: 0, maxRows: 199).Count);
    }

    [Fact]
    public void Run_AverageTrainers_AveragesOnlyThoseTrainersBestTrials()
    {
        var rng = new Random(13);
        var good = new FinalModelCrossValidation.Candidate(1, AutoMLTrainer.SdcaLinear, Signal(rng, 0.2));
        var alsoGood = new FinalModelCrossValidation.Candidate(2, AutoMLTrainer.LbfgsLinear, Signal(rng, 0.2));
        var bad = new FinalModelCrossValidation.Candidate(3, AutoMLTrainer.FastTree, Signal(rng, 0.0));
        var pool = new[] { good, alsoGood, bad };
        var all = Run(pool);
        var tied = FinalModelCrossValidation.Run(pool, Truth, MLTask.BinaryClassification, MetricKind.RocAuc,
            new EnsembleSelectionOptions { Metric = MetricKind.RocAuc, Iterations = 20 }, librarySize: 20, stackSize: 5,
            [FinalModelCrossValidation.StackMembers.BestN], folds: 5, seed: 0, CancellationToken.None,
            averageTrainers: new HashSet<AutoMLTrainer> { AutoMLTrainer.SdcaLinear, AutoMLTrainer.LbfgsLinear });
        // The held-out predictions of the restricted average are exactly the two linear trials' mean.
        var expected = AutoMLModel.Blend([good.Oof, alsoGood.Oof], [1.0, 1.0]);
        Assert.Equal(expected.Values, tied.Average.Values);
        Assert.True(Auc(tied.Average) > Auc(all.Average) + 0.02, $"{Auc(tied.Average)} against {Auc(all.Average)}");
    }

    [Fact]
    public void Order_ByScoreThenTieBreakThenNumber_NaNLast()
    {
        Assert.Equal([2, 1, 3, 0], FinalModelCrossValidation.Order([double.NaN, 0.8, 0.9, 0.8], [0, 0.3, 0, 0.5], [0, 1, 2, 3], higherIsBetter: true));
        Assert.Equal([1, 3, 2, 0], FinalModelCrossValidation.Order([double.NaN, 1.0, 2.0, 1.0], null, [0, 1, 2, 3], higherIsBetter: false));
        Assert.Equal([1, 0], FinalModelCrossValidation.Order([0.5, 0.5], [double.NaN, 0.2], [0, 1], higherIsBetter: true));
    }

    [Fact]
    public void Archive_KeepsPredictionsOfMoreTrialsThanFoldModels()
    {
        using var archive = new TrialArchive(null, "s", "f", keep: 2, loss: x => -x, keepPredictions: 4);
        var ml = new MLContext(0);
        var schema = ml.Data.LoadFromEnumerable(new[] { new RepeatedValidationTests.ScoreRow() }).Schema;
        double[] scores = [0.5, 0.9, 0.7, 0.95, 0.6, 0.8];
        for (int i = 0; i < scores.Length; i++)
        {
            var record = new TrialRecord { Number = i, Trainer = AutoMLTrainer.LightGbm, Pipeline = "", Parameters = new Dictionary<string, double>(), State = TrialState.Complete, Score = scores[i] };
            archive.Save(new TrialOutcome(record, new ParameterSet(new Dictionary<string, object>()), PredictionMatrix.Create(2, 1), []), ml, schema);
        }
        var loaded = Enumerable.Range(0, 6).Select(i => archive.Load(i, new ParameterSet(new Dictionary<string, object>()), 2, 1, ml)!).ToList();
        Assert.Equal([1, 3], loaded.Where(x => x.FoldModels is not null).Select(x => x.Record.Number));
        Assert.Equal([1, 2, 3, 5], loaded.Where(x => x.Oof is not null).Select(x => x.Record.Number));
        Assert.Equal(4, archive.WholeInMemory);
        // The pool is capped by memory: 200 trials of small data, fewer on large data, never fewer than the library.
        Assert.Equal(200, AutoMLExperiment.PredictionPool(1000, 2));
        Assert.Equal(104, AutoMLExperiment.PredictionPool(80_000, 2));
        Assert.Equal(20, AutoMLExperiment.PredictionPool(10_000_000, 10));
    }

    [Fact]
    public void Archive_Shrink_HalvesTheTrialsThatKeepFoldModels_KeepsPredictionsAndEachTrainersBest()
    {
        using var archive = new TrialArchive(null, "s", "f", keep: 8, loss: x => -x, keepPredictions: 10);
        var ml = new MLContext(0);
        var schema = ml.Data.LoadFromEnumerable(new[] { new RepeatedValidationTests.ScoreRow() }).Schema;
        for (int i = 0; i < 10; i++)
        {
            // Trials 0-7 one trainer (score falls with the number), 8 and 9 another, worse than all of them.
            var record = new TrialRecord
            {
                Number = i, Trainer = i < 8 ? AutoMLTrainer.LightGbm : AutoMLTrainer.SdcaLinear, Pipeline = "", Parameters = new Dictionary<string, double>(),
                State = TrialState.Complete, Score = i < 8 ? 0.9 - 0.01 * i : 0.5 - 0.01 * i,
            };
            archive.Save(new TrialOutcome(record, new ParameterSet(new Dictionary<string, object>()), PredictionMatrix.Create(2, 1), []), ml, schema);
        }
        int[] Models() => Enumerable.Range(0, 10).Select(i => archive.Load(i, new ParameterSet(new Dictionary<string, object>()), 2, 1, ml)!)
            .Where(x => x.FoldModels is not null).Select(x => x.Record.Number).ToArray();
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], Models());
        Assert.Equal(4, archive.Shrink());
        Assert.Equal(4, archive.Keep);
        Assert.Equal([0, 1, 2, 3, 8], Models());
        Assert.Equal(2, archive.Shrink());
        Assert.Equal([0, 1, 8], Models());
        Assert.Equal(1, archive.Shrink());
        Assert.Equal([0, 8], Models());
        // Nothing left to give back: the best trial and each other trainer's best keep their models.
        Assert.Equal(0, archive.Shrink());
        Assert.Equal([0, 8], Models());
        Assert.Equal(10, archive.WholeInMemory);
    }

    [Fact]
    public void Archive_ExactTies_KeepTheTrialsWithTheBetterTieBreak_NotTheEarliest()
    {
        // Accuracy on small data: five trials at the same score, the later ones with surer correct probabilities. The
        // final model ranks such ties by out-of-fold log-loss, so the archive must keep those trials whole.
        float[] truth = [1, 0, 1, 0];
        var ml = new MLContext(0);
        var schema = ml.Data.LoadFromEnumerable(new[] { new RepeatedValidationTests.ScoreRow() }).Schema;
        float[] sureness = [0.55f, 0.6f, 0.9f, 0.65f, 0.95f];
        TrialArchive Fill(bool withLogLoss)
        {
            var archive = new TrialArchive(null, "s", "f", keep: 2, loss: x => -x, keepPredictions: 3);
            for (int i = 0; i < sureness.Length; i++)
            {
                var oof = PredictionMatrix.FromPositiveProbabilities(truth.Select(t => t > 0 ? sureness[i] : 1 - sureness[i]).ToArray());
                var record = new TrialRecord
                {
                    Number = i, Trainer = AutoMLTrainer.LbfgsLinear, Pipeline = "", Parameters = new Dictionary<string, double>(), State = TrialState.Complete, Score = 1.0,
                    LogLoss = withLogLoss ? Metric.Compute(MetricKind.LogLoss, truth, oof, MLTask.BinaryClassification) : null,
                };
                archive.Save(new TrialOutcome(record, new ParameterSet(new Dictionary<string, object>()), oof, []), ml, schema);
            }
            return archive;
        }
        List<TrialOutcome> Loaded(TrialArchive a) => Enumerable.Range(0, 5).Select(i => a.Load(i, new ParameterSet(new Dictionary<string, object>()), 4, 2, ml)!).ToList();

        using var logLoss = Fill(withLogLoss: true);
        var kept = Loaded(logLoss);
        Assert.Equal([2, 4], kept.Where(x => x.FoldModels is not null).Select(x => x.Record.Number));
        Assert.Equal([2, 3, 4], kept.Where(x => x.Oof is not null).Select(x => x.Record.Number));

        // Without a log-loss (regression, or a record from an older study file) the earliest trials stay, as before.
        using var byNumber = Fill(withLogLoss: false);
        Assert.Equal([0, 1], Loaded(byNumber).Where(x => x.FoldModels is not null).Select(x => x.Record.Number));
    }

    [Fact]
    public void BestCapped_TakesAtMostTwoOfATrainer_InRankOrder_AndFillsUpWhenTrainersAreFew()
    {
        const AutoMLTrainer A = AutoMLTrainer.NaiveBayes, B = AutoMLTrainer.LbfgsLinear, C = AutoMLTrainer.LightGbm;
        // Ranked best first: the leader's neighbours fill the top, the runners-up come later.
        var ranked = new (int Number, AutoMLTrainer Trainer)[] { (7, A), (3, A), (9, A), (4, B), (8, A), (1, C), (2, B), (5, C) };
        var five = FinalModelCrossValidation.BestCapped(ranked, x => x.Trainer, 5);
        Assert.Equal([7, 3, 4, 1, 2], five.Select(x => x.Number));

        // Two trainers cannot give five at two each: the best of the rest fill up, still in rank order.
        var two = new (int Number, AutoMLTrainer Trainer)[] { (1, A), (2, A), (3, A), (4, A), (5, B), (6, A) };
        Assert.Equal([1, 2, 3, 4, 5], FinalModelCrossValidation.BestCapped(two, x => x.Trainer, 5).Select(x => x.Number));
        Assert.Equal([1, 2], FinalModelCrossValidation.BestCapped(two, x => x.Trainer, 2).Select(x => x.Number));
        Assert.Empty(FinalModelCrossValidation.BestCapped(Array.Empty<(int, AutoMLTrainer)>(), x => x.Item2, 5));
    }
}
