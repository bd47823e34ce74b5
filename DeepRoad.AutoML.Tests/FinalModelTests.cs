using DeepRoad.AutoML.Persistence;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Tests;

/// <summary>Stacking versus Caruana selection as the final model, and the memory limit.</summary>
public sealed class FinalModelTests
{
    [Fact]
    public async Task FitAsync_Ensemble_ComparesStackWithSelectionAndKeepsTheBetter()
    {
        var o = new AutoMLOptions { LabelColumn = "cultivar", TimeBudget = null, MaxTrials = 6, Workers = 2, Seed = 21, Folds = 3 };
        var result = await new MLContext(21).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("wine", "train.csv"));
        Assert.NotNull(result.SelectionScore);
        Assert.True(result.StackingScore is not null, result.FinalModelReason);
        // Accuracy: higher is better; the chosen method is the one with the better cross-validated score (selection on
        // ties). The selection's is its nested score, which on these 6 trials has time to run.
        Assert.True(result.SelectionCrossValidatedScore is not null, result.FinalModelReason);
        // All three are compared on their nested scores (the choice of trials re-run inside each fold).
        Assert.True(result.StackingCrossValidatedScore is not null, result.FinalModelReason);
        Assert.True(result.TrainerAverageCrossValidatedScore is not null, result.FinalModelReason);
        var expected = result.StackingCrossValidatedScore > result.SelectionCrossValidatedScore ? FinalMethod.Stacking : FinalMethod.Selection;
        // The plain average of each trainer's best trial wins unless the better of the two beats it on 84 % of bootstrap
        // resamples of the rows (one standard error).
        Assert.NotNull(result.TrainerAverageScore);
        Assert.InRange(result.TrainerAverageRivalWinRate!.Value, 0, 1);
        bool average = result.TrainerAverageRivalWinRate < 0.84;
        Assert.Equal(average, result.UsedTrainerAverage);
        if (average) expected = FinalMethod.Selection;
        Assert.Equal(expected, result.FinalMethod == FinalMethod.Single ? FinalMethod.Selection : result.FinalMethod);
        Assert.Equal(average ? result.TrainerAverageScore!.Value : expected == FinalMethod.Stacking ? result.StackingScore!.Value : result.SelectionScore!.Value, result.EnsembleScore, 9);
        Assert.Contains(average ? "plain average" : expected == FinalMethod.Stacking ? "stacking" : "Caruana selection", result.FinalModelReason);
        Assert.Contains(average ? "within one standard error" : "beat", result.FinalModelReason);
        Assert.Contains("bootstrap resamples", result.FinalModelReason);
        Assert.Contains("nested cross-validated", result.FinalModelReason);
        if (average) Assert.All(result.Ensemble, m => Assert.Equal(1.0 / result.Ensemble.Count, m.Weight, 9));
        Assert.StartsWith(result.FinalMethod.ToString(), result.Leaderboard.FinalModel);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(result.FinalModelReason), Reporting.HtmlReport.Render(result, new Reporting.ReportOptions { ImportanceRepeats = 1 }));
    }

    [Fact]
    public async Task FitAsync_TrainerAverageTyingTheBest_IsTheFinalModelWithEqualWeights()
    {
        // Iris' 120 rows: linear and forest trials tie on out-of-fold accuracy, so neither the selection nor the stack
        // beats the plain per-trainer average by a standard error, and the average is preferred.
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 6, Workers = 2, Seed = 27, Folds = 3,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.ExtraTrees, AutoMLTrainer.RandomForest],
        };
        var result = await new MLContext(27).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.True(result.UsedTrainerAverage, result.FinalModelReason);
        Assert.True(result.TrainerAverageRivalWinRate < 0.84);
        Assert.Equal(FinalMethod.Selection, result.FinalMethod);
        Assert.Equal(result.Ensemble.Select(m => m.Trainer).Distinct().Count(), result.Ensemble.Count);
        Assert.All(result.Ensemble, m => Assert.Equal(1.0 / result.Ensemble.Count, m.Weight, 9));
        Assert.Equal(result.TrainerAverageScore!.Value, result.EnsembleScore, 9);
        Assert.Equal(result.EnsembleScore, Metric.Compute(MetricKind.Accuracy, result.Validation.Truth, result.Validation.Ensemble, MLTask.MulticlassClassification), 9);
        // Each member is its trainer's best trial.
        foreach (var m in result.Ensemble)
            Assert.Equal(result.Leaderboard.Trials.Where(t => t.Trainer == m.Trainer && t.State == TrialState.Complete).OrderByDescending(t => t.Score).First().Score,
                result.Leaderboard.Trials.Single(t => t.Number == m.Trial).Score);
        Assert.True(result.Model.Evaluate(TestData.Shipped("iris", "test.csv"))["accuracy"] >= 0.85);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(true, true)]
    public async Task FitAsync_Refit_DefaultServesFoldModels_TrueRefitsOnAllRows(bool? refit, bool expectRefit)
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 3, Seed = 25, Folds = 3, Repeats = 2, Refit = refit };
        var result = await new MLContext(25).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.All(result.Ensemble, m => Assert.Equal(expectRefit, m.RefitOnAllRows));
        // A member is one refitted model, or its 3 folds x 2 repeats fold models averaged.
        Assert.All(result.Model.Transformers, t => Assert.Equal(expectRefit ? 1 : 6, t.Count));
        var test = TestData.Shipped("iris", "test.csv");
        Assert.True(result.Model.Evaluate(test)["accuracy"] >= 0.85);
        var path = Path.Combine(TestData.TempDir(), "m.zip");
        result.Save(path);
        var before = result.Model.PredictFile(test);
        var after = AutoMLModel.Load(path).PredictFile(test);
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i].Value, after[i].Value, 4);
    }

    [Fact]
    public async Task FitAsync_Holdout_RefitsByDefault()
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 2, Seed = 26, HoldoutFraction = 0.25 };
        var result = await new MLContext(26).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.All(result.Ensemble, m => Assert.True(m.RefitOnAllRows));
    }

    [Fact]
    public void ForRows_HoldsOutAboveAutoHoldoutRows_OnlyWhenNoValidationWasChosen()
    {
        var o = new AutoMLOptions { LabelColumn = "y", MaxTrials = 1 };
        Assert.Null(o.ForRows(99_999).HoldoutFraction);
        Assert.Equal(0.2, o.ForRows(100_000).HoldoutFraction);
        Assert.Equal(0.1, o.ForRows(200_000).HoldoutFraction!.Value, 12);
        Assert.Equal(0.05, o.ForRows(5_000_000).HoldoutFraction);
        Assert.Equal(0.3, (o with { HoldoutFraction = 0.3 }).ForRows(500_000).HoldoutFraction);
        Assert.Null((o with { AutoHoldoutRows = null }).ForRows(5_000_000).HoldoutFraction);
        Assert.Contains("AutoHoldoutRows", Assert.Throws<ArgumentException>(() => (o with { AutoHoldoutRows = 0 }).Validate()).Message);
    }

    [Fact]
    public async Task FitAsync_AtAutoHoldoutRows_ValidatesOnAHoldout_AndReportsIt()
    {
        // iris has 120 training rows: with the limit at 100 the run holds out 20 % (20 000 rows' worth, at most 20 %).
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 2, Seed = 27, AutoHoldoutRows = 100, Trainers = [AutoMLTrainer.LbfgsLinear] };
        var result = await new MLContext(27).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.True(result.Validation!.Holdout);
        Assert.Equal(0.2, result.Options.HoldoutFraction);
        Assert.All(result.Ensemble, m => Assert.True(m.RefitOnAllRows));
        // One stratified fifth of 120 rows is scored out of fold, not all 120.
        Assert.Equal(24, result.Validation.Truth.Length);
        var kfold = await new MLContext(27).DeepRoad().AutoML(o with { AutoHoldoutRows = null }).FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.False(kfold.Validation!.Holdout);
        Assert.Equal(120, kfold.Validation.Truth.Length);
    }

    [Fact]
    public async Task FitAsync_StackOfTheBestFive_TakesTheRunnerUpTrainersBest_NotOnlyTheLeadersNeighbours()
    {
        // Ten trials of two linear trainers: the plain best five would be mostly the leader's neighbouring
        // configurations; the stack takes at most two of a trainer before it fills up with the best of the rest.
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 10, Seed = 22, Folds = 3,
            Trainers = [AutoMLTrainer.SdcaLinear, AutoMLTrainer.LbfgsLinear],
        };
        var exp = new AutoMLExperiment(new MLContext(22), o) { ForceFinalMethod = FinalMethod.Stacking };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.True(result.FinalMethod == FinalMethod.Stacking, result.FinalModelReason);
        Assert.Contains("stacking of the best 5 trials (at most 2 of a trainer)", result.FinalModelReason);
        Assert.Equal(5, result.Ensemble.Count);
        Assert.All(result.Ensemble.GroupBy(m => m.Trainer), g => Assert.True(g.Count() >= 2, $"{g.Key}: {g.Count()} of 5"));
        // The members are the two best of each trainer (by the leaderboard's score), then the best of the rest.
        var complete = result.Leaderboard.Trials.Where(t => t.State == TrialState.Complete).ToList();
        foreach (var g in result.Ensemble.GroupBy(m => m.Trainer))
        {
            var own = complete.Where(t => t.Trainer == g.Key).Select(t => t.Score!.Value).OrderDescending().ToList();
            var picked = g.Select(m => complete.First(t => t.Number == m.Trial).Score!.Value).OrderDescending().ToList();
            Assert.Equal(own[1], picked[1], 9);
        }
    }

    [Fact]
    public async Task FitAsync_StackingChosen_PredictsAndSavesLoadsTheStack()
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 5, Seed = 22, Folds = 3 };
        var exp = new AutoMLExperiment(new MLContext(22), o) { ForceFinalMethod = FinalMethod.Stacking };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.True(result.FinalMethod == FinalMethod.Stacking, result.FinalModelReason);
        // The better of the two stacks: the best five trials, or the best trial of each trainer.
        Assert.Contains(result.Ensemble.Count == 5 ? "stacking of the best 5 trials" : $"stacking of the best trial of each of {result.Ensemble.Count} trainers", result.FinalModelReason);
        Assert.Equal(result.Ensemble.Count, result.Ensemble.Select(m => m.Trial).Distinct().Count());
        Assert.Equal(result.StackingScore!.Value, result.EnsembleScore, 9);
        Assert.True(result.EnsembleScore > 0.85, $"stack OOF accuracy {result.EnsembleScore}");
        var test = TestData.Shipped("iris", "test.csv");
        Assert.True(result.Model.Evaluate(test)["accuracy"] >= 0.85);

        var path = Path.Combine(TestData.TempDir(), "stack.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        Assert.Equal(FinalMethod.Stacking, loaded.Method);
        var before = result.Model.PredictFile(test);
        var after = loaded.PredictFile(test);
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].PredictedLabel, after[i].PredictedLabel);
            Assert.Equal(before[i].Value, after[i].Value, 4);
        }
        Assert.Contains("stacking", AutoMLModel.ReadEntry(path, "final_model.txt"));
    }

    [Fact]
    public async Task FitAsync_RegressionStack_SavesLoadsWithSamePredictions()
    {
        var o = new AutoMLOptions { LabelColumn = "progression", TimeBudget = null, MaxTrials = 4, Seed = 24, Folds = 3 };
        var result = await new AutoMLExperiment(new MLContext(24), o) { ForceFinalMethod = FinalMethod.Stacking }.FitAsync(TestData.Shipped("diabetes", "train.csv"));
        Assert.True(result.FinalMethod == FinalMethod.Stacking, result.FinalModelReason);
        var test = TestData.Shipped("diabetes", "test.csv");
        Assert.True(result.Model.Evaluate(test)["r2"] > 0.3);
        var path = Path.Combine(TestData.TempDir(), "stack.zip");
        result.Save(path);
        var before = result.Model.PredictFile(test).Select(p => p.Value).ToArray();
        var after = AutoMLModel.Load(path).PredictFile(test).Select(p => p.Value).ToArray();
        for (int i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i], 3);
    }

    [Fact]
    public async Task FitAsync_TrialAllocatingPastMemoryLimit_IsFailedWithMemoryErrorAndRunReturnsModel()
    {
        long limit = Environment.WorkingSet + (384L << 20);
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 3, Workers = 1, Seed = 23, Folds = 3, MemoryLimitBytes = limit,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm],
        };
        var exp = new AutoMLExperiment(new MLContext(23), o)
        {
            TrainerDecorator = (_, number, est) => number == 1 ? new AllocatingEstimator(est, 768L << 20) : est,
        };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        var hog = result.Leaderboard.Trials[1];
        Assert.Equal(TrialState.Failed, hog.State);
        Assert.Contains("memory limit exceeded", hog.Error);
        Assert.Equal(TrialState.Complete, result.Leaderboard.Trials[0].State);
        Assert.DoesNotContain(result.Ensemble, m => m.Trial == 1);
        Assert.True(result.Model.Evaluate(TestData.Shipped("iris", "test.csv"))["accuracy"] >= 0.8);
    }

    [Fact]
    public async Task FitAsync_TrialEndingOverMemoryLimit_IsFailedEvenWhenTheWatchdogNeverLooked()
    {
        // The watchdog's periodic look is an hour away, so only the look at the trial's end can see that the process
        // went over the limit during trial 1's fit. The reading goes back under the limit once seen, so the search
        // recovers and the other trials complete.
        const long limit = 1L << 30;
        int over = 0;
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 3, Workers = 1, Seed = 23, Folds = 3, MemoryLimitBytes = limit,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.SdcaLinear],
        };
        var exp = new AutoMLExperiment(new MLContext(23), o)
        {
            TrainerDecorator = (_, number, est) => number == 1 ? new AfterFit(est, () => Volatile.Write(ref over, 1)) : est,
            MemoryProbe = (() => Interlocked.Exchange(ref over, 0) == 1 ? limit + 1 : limit / 2, TimeSpan.FromHours(1)),
        };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        var trials = result.Leaderboard.Trials;
        Assert.Equal(TrialState.Failed, trials[1].State);
        Assert.Contains("memory limit exceeded", trials[1].Error);
        Assert.Equal(TrialState.Complete, trials[0].State);
        Assert.Equal(TrialState.Complete, trials[2].State);
        Assert.DoesNotContain(result.Ensemble, m => m.Trial == 1);
    }

    [Fact]
    public async Task FitAsync_KeptFoldModelsNearTheMemoryLimit_ShrinkTheArchive_AndEveryTrialCompletes()
    {
        // The probe says each trial whose fold models the archive holds costs 300 MiB: three of them are over 85 % of the
        // 1 GiB limit, four over the limit. Before the archive could shrink, the fourth kept trial pushed every later trial
        // over the limit and the search stopped.
        const long limit = 1L << 30;
        TrialArchive? archive = null;
        int most = 0;
        long Probe()
        {
            int n = archive?.ModelsInMemory ?? 0;
            InterlockedMax(ref most, n);
            return n * (300L << 20);
        }
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 10, Workers = 1, Seed = 29, Folds = 3, MemoryLimitBytes = limit,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.SdcaLinear],
        };
        var exp = new AutoMLExperiment(new MLContext(29), o) { OnArchive = a => archive = a, MemoryProbe = (Probe, TimeSpan.FromMilliseconds(20)) };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.Equal(10, result.Leaderboard.Trials.Count);
        Assert.All(result.Leaderboard.Trials, t => Assert.True(t.State == TrialState.Complete, $"trial {t.Number} {t.State}: {t.Error}"));
        Assert.True(archive!.Keep < 20, $"keep {archive.Keep}");
        Assert.True(archive.ModelsInMemory <= 3, $"{archive.ModelsInMemory} trials hold fold models");
        Assert.True(most <= 4, $"at most {most}");
        Assert.NotEmpty(result.Ensemble);
        Assert.Equal(30, result.Model.PredictFile(TestData.Shipped("iris", "test.csv")).Count);
    }

    [Fact]
    public async Task FitAsync_KeptFoldModelsOverTheMemoryLimit_TheRecoveryShrinksTheArchive_AndTheSearchGoesOn()
    {
        // Two kept trials are over the limit at once (no soft shrink in between): the trial running then is failed, and
        // the recovery drops fold models until the process is under the limit, instead of stopping the search.
        const long limit = 1L << 30;
        TrialArchive? archive = null;
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 6, Workers = 1, Seed = 31, Folds = 3, MemoryLimitBytes = limit,
            Trainers = [AutoMLTrainer.LbfgsLinear],
        };
        var exp = new AutoMLExperiment(new MLContext(31), o)
        {
            OnArchive = a => archive = a, MemoryProbe = (() => (archive?.ModelsInMemory ?? 0) * (600L << 20), TimeSpan.FromMilliseconds(20)),
        };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        var trials = result.Leaderboard.Trials;
        Assert.Equal(6, trials.Count);
        int firstFailure = trials.ToList().FindIndex(t => t.State == TrialState.Failed);
        Assert.True(firstFailure >= 0, "no trial went over the limit");
        Assert.Contains("memory limit exceeded", trials[firstFailure].Error);
        Assert.Contains(trials.Skip(firstFailure + 1), t => t.State == TrialState.Complete);
        Assert.Equal(1, archive!.ModelsInMemory);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    /// <summary>Touches <c>bytes</c> of memory, holds it for a few seconds (ignoring cancellation, like a native fit), then fits.</summary>
    private sealed class AllocatingEstimator(IEstimator<ITransformer> inner, long bytes) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var blocks = new List<byte[]>();
            for (long done = 0; done < bytes; done += 64 << 20)
            {
                var b = new byte[64 << 20];
                b.AsSpan().Fill(1);
                blocks.Add(b);
            }
            Thread.Sleep(3000);
            GC.KeepAlive(blocks);
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
