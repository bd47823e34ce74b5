using System.Diagnostics;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Tests;

/// <summary>Library-level AutoML runs: budgets, cancellation, failures, determinism, resume, prediction APIs.</summary>
public sealed class AutoMLRunTests
{
    private static AutoMLExperiment Experiment(AutoMLOptions o) => new MLContext(o.Seed).DeepRoad().AutoML(o);

    [Fact]
    public async Task FitAsync_TimeBudget_ReturnsBeforeDeadlinePlusFiveSeconds_WithUsableModel()
    {
        var o = new AutoMLOptions { LabelColumn = "diagnosis", TimeBudget = TimeSpan.FromSeconds(10), Workers = 2, Seed = 1 };
        var sw = Stopwatch.StartNew();
        var result = await Experiment(o).FitAsync(TestData.Shipped("breast_cancer", "train.csv"));
        sw.Stop();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"returned after {sw.Elapsed.TotalSeconds:0.0} s for a 10 s budget");
        Assert.NotNull(result.Leaderboard.Best);
        var test = result.Model.Evaluate(TestData.Shipped("breast_cancer", "test.csv"));
        Assert.True(test["auc"] > 0.95, $"test AUC {test["auc"]}");
    }

    [Fact]
    public async Task FitAsync_TimeBudget_CountsTheTimeSpentReadingTheData()
    {
        // Reading this view takes about 5 s (the first pass sleeps on every row), 9 s on a loaded CI machine. The 20 s
        // budget counts from the call, so the result comes back near 20 s, not 5 s + 20 s.
        var rng = new Random(5);
        var rows = Enumerable.Range(0, 200).Select(_ => { float a = rng.NextSingle(), b = rng.NextSingle(); return new Row { A = a, B = b, Label = a + b > 1 ? "x" : "y" }; }).ToArray();
        bool first = true;
        IEnumerable<Row> Slow()
        {
            foreach (var r in rows) { if (first) Thread.Sleep(25); yield return r; }
            first = false;
        }
        var ml = new MLContext(4);
        var view = ml.Data.LoadFromEnumerable(Slow());
        var o = new AutoMLOptions { LabelColumn = "Label", TimeBudget = TimeSpan.FromSeconds(20), Workers = 2, Seed = 4, Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.SdcaLinear] };
        var sw = Stopwatch.StartNew();
        var result = await ml.DeepRoad().AutoML(o).FitAsync(view);
        sw.Stop();
        Assert.False(first, "the view was never read to its end");
        // The run's clock starts at the call: the first trial starts after the reading, and the run ends near the budget.
        var firstStart = result.Leaderboard.Trials.Where(t => t.State == TrialState.Complete).Min(t => t.StartedAt);
        Assert.True(firstStart >= TimeSpan.FromSeconds(4.5), $"the first trial started at {firstStart.TotalSeconds:0.0} s: the clock leaves out the reading");
        Assert.True(result.Elapsed >= firstStart, $"Elapsed {result.Elapsed.TotalSeconds:0.0} s leaves out the reading");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(23.5), $"returned after {sw.Elapsed.TotalSeconds:0.0} s for a 20 s budget that began with {firstStart.TotalSeconds:0.0} s of reading");
        Assert.NotNull(result.Leaderboard.Best);
    }

    private sealed class Row
    {
        public float A { get; set; }
        public float B { get; set; }
        public string Label { get; set; } = "";
    }

    [Fact]
    public async Task FitAsync_CancelledAfterFirstResult_ReturnsBestModelSoFar()
    {
        using var cts = new CancellationTokenSource();
        var progress = new InlineProgress(p => { if (p.Trial?.State == TrialState.Complete) cts.Cancel(); });
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = TimeSpan.FromSeconds(120), Workers = 1, Seed = 2 };
        var sw = Stopwatch.StartNew();
        var result = await Experiment(o).FitAsync(TestData.Shipped("iris", "train.csv"), progress, cts.Token);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"cancellation took {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.True(result.Leaderboard.Trials.Count <= 2);
        var metrics = result.Model.Evaluate(TestData.Shipped("iris", "test.csv"));
        Assert.True(metrics["accuracy"] >= 0.8, $"accuracy {metrics["accuracy"]}");
    }

    [Fact]
    public async Task FitAsync_FailingTrainer_IsRecordedAndSearchGoesOn()
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 5, Workers = 2, Seed = 3 };
        var exp = new AutoMLExperiment(new MLContext(3), o)
        {
            TrainerDecorator = (trainer, number, est) => trainer == AutoMLTrainer.LightGbm ? new ThrowingEstimator() : est,
        };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        var failed = result.Leaderboard.Trials.Where(t => t.Trainer == AutoMLTrainer.LightGbm).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.Equal(TrialState.Failed, t.State));
        Assert.All(failed, t => Assert.Contains("injected failure", t.Error));
        Assert.Equal(5, result.Leaderboard.Trials.Count);
        Assert.True(result.Leaderboard.Ranked.Count >= 3);
        Assert.DoesNotContain(result.Ensemble, m => m.Trainer == AutoMLTrainer.LightGbm);
    }

    [Fact]
    public async Task FitAsync_EveryTrainerFailing_StopsEarlyWithTheErrors_InsteadOfSpendingTheBudget()
    {
        // A 10-minute budget, every fit throws: the search stops once every trainer has failed and 10 trials have,
        // and the error names the failure. Without the stop it would run the whole budget and then say "raise the time budget".
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = TimeSpan.FromMinutes(10), Workers = 2, Seed = 3,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.SdcaLinear, AutoMLTrainer.LightGbm],
        };
        var exp = new AutoMLExperiment(new MLContext(3), o) { TrainerDecorator = (_, _, _) => new ThrowingEstimator() };
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => exp.FitAsync(TestData.Shipped("iris", "train.csv")));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"took {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.StartsWith("every trial failed:", ex.Message);
        Assert.Contains("of all 3 trainers failed", ex.Message);
        Assert.Contains("injected failure", ex.Message);
        Assert.Equal(10, AutoMLExperiment.EveryTrialFailedAfter(3));
        Assert.Equal(20, AutoMLExperiment.EveryTrialFailedAfter(10));
    }

    [Fact]
    public async Task FitAsync_TrialFailingAfterTwoFolds_DoesNotKeepItsFoldModels()
    {
        // LightGbm trials fit two folds, then fail on the third. Their two fold models were held as the deadline
        // fallback while they ran; once a trial has completed, a failed trial's folds are dropped, not kept to the end.
        var fits = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 4, Workers = 1, Seed = 3 };
        var exp = new AutoMLExperiment(new MLContext(3), o)
        {
            TrainerDecorator = (trainer, number, est) => trainer == AutoMLTrainer.LightGbm ? new FailsOnThirdFit(est, () => fits.AddOrUpdate(number, 1, (_, c) => c + 1)) : est,
        };
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        var failed = result.Leaderboard.Trials.Where(t => t.Trainer == AutoMLTrainer.LightGbm).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => Assert.Equal(TrialState.Failed, t.State));
        Assert.All(failed, t => Assert.True(fits[t.Number] >= 3, $"trial {t.Number} fitted {fits[t.Number]} time(s)"));
        Assert.Contains(result.Leaderboard.Trials, t => t.State == TrialState.Complete && t.Number < failed[0].Number);
        Assert.All(failed, t => Assert.DoesNotContain(t.Number, result.HeldPartialTrials));
    }

    [Fact]
    public async Task FitAsync_TrialBudgetSameSeed_GivesSameLeaderboardOnOneAndTwoWorkers()
    {
        var o = new AutoMLOptions { LabelColumn = "progression", TimeBudget = null, MaxTrials = 7, Workers = 2, Seed = 11, Folds = 3 };
        var a = await Experiment(o).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        // The same study on one worker: trial n is proposed from the same earlier trials whatever the worker count.
        var b = await Experiment(o with { Workers = 1 }).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        Assert.Equal(MLTask.Regression, a.Schema.Task);
        string Key(AutoMLResult r) => string.Join("\n", r.Leaderboard.Trials.Select(t => $"{t.Number} {t.Trainer} {t.State} {t.Score:R} {string.Join(",", t.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value:R}"))}"));
        Assert.Equal(Key(a), Key(b));
        Assert.Equal(a.EnsembleScore, b.EnsembleScore, 9);
        var pa = a.Model.PredictFile(TestData.Shipped("diabetes", "test.csv"));
        var pb = b.Model.PredictFile(TestData.Shipped("diabetes", "test.csv"));
        Assert.Equal(pa.Select(p => p.Value), pb.Select(p => p.Value));
        // A different seed explores differently.
        var c = await Experiment(o with { Seed = 12 }).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        Assert.NotEqual(Key(a), Key(c));
    }

    [Fact]
    public async Task FitAsync_ResumedStudy_RunsAgainTheTrialTheCallerCancelled()
    {
        var study = Path.Combine(TestData.TempDir(), "study.db");
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 5, Workers = 1, Seed = 5, StudyPath = study };
        using var cts = new CancellationTokenSource();
        var cancelling = new AutoMLExperiment(new MLContext(5), o)
        {
            // Trial 2's first fit cancels the run: the trial ends cancelled, trials 0 and 1 are complete.
            TrainerDecorator = (_, number, est) => number == 2 ? new AfterFit(est, cts.Cancel) : est,
        };
        var first = await cancelling.FitAsync(TestData.Shipped("penguins", "train.csv"), null, cts.Token);
        Assert.Equal([TrialState.Complete, TrialState.Complete, TrialState.Cancelled], first.Leaderboard.Trials.Select(t => t.State));

        var second = await Experiment(o).FitAsync(TestData.Shipped("penguins", "train.csv"));
        var trials = second.Leaderboard.Trials;
        // The cancelled trial stays on the leaderboard; the resumed run runs its parameters first (trial 3) and the
        // budget of 5 counts the trials that ran to an end, so 6 are listed.
        Assert.Equal(6, trials.Count);
        Assert.Equal(TrialState.Cancelled, trials[2].State);
        Assert.True(trials[2].Resumed);
        Assert.Equal((trials[2].Trainer, trials[2].Pipeline), (trials[3].Trainer, trials[3].Pipeline));
        Assert.Equal(trials[2].Parameters, trials[3].Parameters);
        Assert.False(trials[3].Resumed);
        Assert.Equal(5, trials.Count(t => t.State == TrialState.Complete));
    }

    [Fact]
    public async Task FitAsync_ResumedStudy_ReusesFinishedTrials()
    {
        var dir = TestData.TempDir();
        var study = Path.Combine(dir, "study.db");
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 4, Workers = 1, Seed = 5, StudyPath = study };
        var first = await Experiment(o).FitAsync(TestData.Shipped("penguins", "train.csv"));
        Assert.All(first.Leaderboard.Trials, t => Assert.False(t.Resumed));
        var events = new List<AutoMLProgress>();
        var second = await Experiment(o with { MaxTrials = 6 }).FitAsync(TestData.Shipped("penguins", "train.csv"), new InlineProgress(e => { lock (events) events.Add(e); }));
        Assert.Equal(6, second.Leaderboard.Trials.Count);
        // Progress starts from the resumed trials: their count and their best score, before this run finishes any.
        var start = events.First(e => e.Phase == "search");
        double firstBest = first.Leaderboard.Ranked.First().Score!.Value;
        Assert.Equal((4, 4, firstBest), (start.TrialsFinished, start.TrialsResumed, start.BestScore));
        Assert.Contains(first.Leaderboard.Trials, t => t.Score == firstBest && t.Trainer == start.BestTrainer);
        Assert.Equal(6, events.Where(e => e.Phase == "search").Max(e => e.TrialsFinished));
        Assert.All(events, e => Assert.Equal(4, e.TrialsResumed));
        Assert.Equal(4, second.Leaderboard.Trials.Count(t => t.Resumed));
        for (int i = 0; i < 4; i++) Assert.Equal(first.Leaderboard.Trials[i].Score, second.Leaderboard.Trials[i].Score);
        // Accuracy ties are ranked by out-of-fold log-loss: every complete trial carries it, resumed ones too.
        Assert.All(second.Leaderboard.Trials.Where(t => t.State == TrialState.Complete), t => Assert.True(t.LogLoss is > 0, $"trial {t.Number}: {t.LogLoss}"));
        for (int i = 0; i < 4; i++) Assert.Equal(first.Leaderboard.Trials[i].LogLoss, second.Leaderboard.Trials[i].LogLoss);
        // Another dataset on the same study file is refused with a clear message.
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Experiment(o with { LabelColumn = "species" }).FitAsync(TestData.Shipped("iris", "train.csv")));
        Assert.Contains("study", ex.Message);
    }

    [Fact]
    public async Task Result_PredictTypedDictionaryAndSaveLoad_Agree()
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 3, Seed = 7 };
        var result = await Experiment(o).FitAsync(TestData.Shipped("penguins", "train.csv"));
        var row = new Penguin { island = "Biscoe", bill_length_mm = 46.1f, bill_depth_mm = 13.2f, flipper_length_mm = 211, body_mass_g = 4500, sex = "female" };
        var typed = result.Model.CreatePredictionEngine<Penguin>().Predict(row);
        var dict = result.Predict(new Dictionary<string, object?>
        {
            ["island"] = "Biscoe", ["bill_length_mm"] = 46.1, ["bill_depth_mm"] = 13.2, ["flipper_length_mm"] = 211, ["body_mass_g"] = 4500, ["sex"] = "female",
        });
        Assert.Equal("Gentoo", typed.PredictedLabel);
        Assert.Equal(typed.PredictedLabel, dict.PredictedLabel);
        Assert.Equal(typed.Probabilities["Gentoo"], dict.Probabilities["Gentoo"], 5);
        Assert.Equal(1.0, typed.Probabilities.Values.Sum(), 3);

        var path = Path.Combine(TestData.TempDir(), "model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        var before = result.Model.PredictFile(TestData.Shipped("penguins", "test.csv"));
        var after = loaded.PredictFile(TestData.Shipped("penguins", "test.csv"));
        Assert.Equal(before.Select(p => p.PredictedLabel), after.Select(p => p.PredictedLabel));
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i].Value, after[i].Value, 5);
        Assert.Contains("rank,trial,trainer", AutoMLModel.ReadEntry(path, "leaderboard.csv"));

        // An unseen category is handled (not an error); a missing column is an error naming it.
        var unseen = result.Predict(new Dictionary<string, object?>
        {
            ["island"] = "Atlantis", ["bill_length_mm"] = 39.0, ["bill_depth_mm"] = 18.0, ["flipper_length_mm"] = 190, ["body_mass_g"] = 3700, ["sex"] = null,
        });
        Assert.NotNull(unseen.PredictedLabel);
        var ex = Assert.Throws<ArgumentException>(() => result.Predict(new Dictionary<string, object?> { ["island"] = "Biscoe" }));
        Assert.Contains("bill_length_mm", ex.Message);

        var pfi = result.PermutationFeatureImportance(TestData.Shipped("penguins", "test.csv"), repeats: 1);
        Assert.Equal(6, pfi.Count);
        Assert.True(pfi[0].Importance > 0);
    }

    [Fact]
    public async Task FitAsync_BudgetEndsBeforeAnyTrialCompletes_ReturnsFinishedFoldModels()
    {
        int fits = 0;
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = TimeSpan.FromSeconds(8), Workers = 1, Seed = 8, Trainers = [AutoMLTrainer.LbfgsLinear], Folds = 3, Repeats = 1 };
        var exp = new AutoMLExperiment(new MLContext(8), o)
        {
            // The first fold fits normally; every later fit stalls past the deadline.
            TrainerDecorator = (_, _, est) => new StallAfterFirstFit(est, () => Interlocked.Increment(ref fits)),
        };
        var sw = Stopwatch.StartNew();
        var result = await exp.FitAsync(TestData.Shipped("iris", "train.csv"));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(13), $"returned after {sw.Elapsed.TotalSeconds:0.0} s for an 8 s budget");
        var member = Assert.Single(result.Ensemble);
        Assert.False(member.RefitOnAllRows);
        var trial = result.Leaderboard.Trials[0];
        Assert.Equal(TrialState.Cancelled, trial.State);
        Assert.Contains("after 1 of 3 folds", trial.Error);
        Assert.True(result.Model.Evaluate(TestData.Shipped("iris", "test.csv"))["accuracy"] > 0.7);
    }

    [Fact]
    public async Task FitAsync_TrialTooDearForTheTimeLeft_IsStoppedDuringItsFirstFold()
    {
        // FastTree's fits take 9 s each here (150 rows: no row subsample, the folds start at once). Once its first fold
        // has been fitting for about 6 s, the two folds after it need at least 12 s more, more than the 18 s of search
        // has left, and a cheaper trial has completed: the watchdog stops it during that fold, and the budget goes to
        // L-BFGS.
        var result = await RunWithSlowFastTree("iris", "species", TimeSpan.FromSeconds(9));
        var slow = result.Leaderboard.Trials.First(t => t.Trainer == AutoMLTrainer.FastTree);
        Assert.Equal(TrialState.Pruned, slow.State);
        Assert.Contains("stopped for its cost: at least", slow.Error);
        Assert.Contains("fold 1 has been fitting", slow.Error);
        Assert.True(slow.FitTime < TimeSpan.FromSeconds(12), $"the slow trial ran {slow.FitTime.TotalSeconds:0.0} s");
        Assert.Equal(TrialState.Complete, result.Leaderboard.Trials[0].State);
        Assert.True(result.Leaderboard.Trials.Count(t => t.Trainer == AutoMLTrainer.LbfgsLinear && t.State == TrialState.Complete) >= 2);
    }

    [Fact]
    public async Task FitAsync_DefaultTooDearForTheTimeLeft_IsStoppedAfterItsRowSubsample()
    {
        // 455 rows: every trial, a trainer's default included, first fits a third of a fold's rows. FastTree's default
        // (each fit 2 s here) is priced from that fit, about 20 s for its folds, more than the 18 s of search has left
        // once L-BFGS has completed, so it stops after the subsample instead of after a whole fold. (The watchdog, whose
        // bound is a third of that estimate, lets the subsample finish.)
        var result = await RunWithSlowFastTree("breast_cancer", "diagnosis", TimeSpan.FromSeconds(2));
        var lbfgs = result.Leaderboard.Trials.First(t => t.Trainer == AutoMLTrainer.LbfgsLinear);
        Assert.Equal(TrialState.Complete, lbfgs.State);
        Assert.NotNull(lbfgs.SubsampleScore); // the default fitted its subsample, and was not pruned on it
        var slow = result.Leaderboard.Trials.First(t => t.Trainer == AutoMLTrainer.FastTree);
        Assert.Equal(TrialState.Pruned, slow.State);
        Assert.Contains("from its row subsample", slow.Error);
        Assert.NotNull(slow.SubsampleScore);
    }

    [Fact]
    public async Task FitAsync_FitThatCannotFinishInTheTimeLeft_IsStoppedWhileItRuns()
    {
        // FastTree's row subsample stalls for a minute, as one-vs-all FastTree did on 22 classes of text n-grams. No
        // step of it ever finishes, so no estimate is ever measured; the watchdog's lower bound (three folds, each at
        // least as long as the subsample has run so far) passes the time left after about a quarter of it, and the
        // worker goes back to L-BFGS instead of waiting for the deadline.
        var sw = Stopwatch.StartNew();
        var result = await RunWithSlowFastTree("breast_cancer", "diagnosis", TimeSpan.FromSeconds(60));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(25), $"returned after {sw.Elapsed.TotalSeconds:0.0} s for a 20 s budget");
        var slow = result.Leaderboard.Trials.First(t => t.Trainer == AutoMLTrainer.FastTree);
        Assert.Equal(TrialState.Pruned, slow.State);
        Assert.Contains("stopped for its cost: at least", slow.Error);
        Assert.Contains("row subsample", slow.Error);
        Assert.Null(slow.SubsampleScore);
        Assert.True(slow.FitTime < TimeSpan.FromSeconds(12), $"the stalled trial held its worker {slow.FitTime.TotalSeconds:0.0} s");
        Assert.True(result.Leaderboard.Trials.Count(t => t.Trainer == AutoMLTrainer.LbfgsLinear && t.State == TrialState.Complete) >= 2);
    }

    /// <summary>L-BFGS and FastTree on a shipped set with a 20 s budget, one worker and 3 folds; every FastTree fit takes <paramref name="delay"/> longer.</summary>
    private static Task<AutoMLResult> RunWithSlowFastTree(string set, string label, TimeSpan delay)
    {
        var o = new AutoMLOptions
        {
            LabelColumn = label, TimeBudget = TimeSpan.FromSeconds(20), Workers = 1, Seed = 9, Folds = 3, Repeats = 1,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.FastTree],
        };
        var exp = new AutoMLExperiment(new MLContext(9), o)
        {
            TrainerDecorator = (trainer, _, est) => trainer == AutoMLTrainer.FastTree ? new SlowFit(est, delay) : est,
        };
        return exp.FitAsync(TestData.Shipped(set, "train.csv"));
    }

    private sealed class SlowFit(IEstimator<ITransformer> inner, TimeSpan delay) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            Thread.Sleep(delay);
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    private sealed class StallAfterFirstFit(IEstimator<ITransformer> inner, Func<int> count) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            if (count() > 1) Thread.Sleep(20_000);
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    public sealed class Penguin
    {
        public string island { get; set; } = "";
        public float bill_length_mm { get; set; }
        public float bill_depth_mm { get; set; }
        public float flipper_length_mm { get; set; }
        public float body_mass_g { get; set; }
        public string? sex { get; set; }
    }

    private sealed class InlineProgress(Action<AutoMLProgress> a) : IProgress<AutoMLProgress>
    {
        public void Report(AutoMLProgress value) => a(value);
    }

    /// <summary>An estimator that fails when fitted, standing in for a broken trainer.</summary>
    private sealed class FailsOnThirdFit(IEstimator<ITransformer> inner, Func<int> count) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => count() >= 3 ? throw new InvalidOperationException("injected failure") : inner.Fit(input);
        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    private sealed class ThrowingEstimator : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => throw new InvalidOperationException("injected failure");
        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
    }
}
