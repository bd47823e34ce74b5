using System.Diagnostics;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using DeepRoad.Tuning.Storage;

namespace DeepRoad.Tuning.Tests;

public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "deeproad-tuning-tests", Guid.NewGuid().ToString("N"));

    public SqliteStorageTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string Db => Path.Combine(_dir, "study.db");

    private static IObjective Quick => Objective.Create((t, _) =>
    {
        t.Report(0, 5.0);
        t.SetAttribute("note", "hi");
        return WorkerSpace.Evaluate(t.Parameters);
    });

    [Fact]
    public async Task Reopen_ByName_ReadsEverythingBack_AndResumes()
    {
        IReadOnlyList<FrozenTrial> first;
        using (var s = new SqliteStudyStorage(Db))
            first = (await new Study("s1", WorkerSpace.Space, new RandomSampler(1), s).OptimizeAsync(Quick, StudyBudget.OfTrials(6))).Trials;
        using var again = new SqliteStudyStorage(Db);
        Assert.Equal(["s1"], again.GetStudyNames());
        Assert.Equal(WorkerSpace.Space.ToJson(), again.GetSearchSpaceJson("s1"));
        var study = new Study("s1", WorkerSpace.Space, new RandomSampler(1), again);
        var reread = study.Trials;
        Assert.Equal(first.Select(t => (t.Number, t.State, t.Value, t.Parameters)), reread.Select(t => (t.Number, t.State, t.Value, t.Parameters)));
        Assert.All(reread, t => { Assert.Equal(5.0, t.IntermediateValues.Single().Value); Assert.Equal("hi", t.Attributes["note"]); Assert.NotNull(t.FinishedAt); });
        var r = await study.OptimizeAsync(Quick, StudyBudget.OfTrials(10));
        Assert.Equal(10, r.Trials.Count);
        Assert.Equal(first.Select(t => t.Value), r.Trials.Take(6).Select(t => t.Value));
    }

    [Fact]
    public async Task Reopen_WithAParameterAddedToTheSpace_KeepsTheOldTrials_AndTheModelSamplerGoesOn()
    {
        // A newer version of the caller searches one more choice (AutoML's text word weighting): the stored trials lack
        // it. They are kept as they were, and the Gaussian process goes on from them.
        var before = new SearchSpace(Parameter.Float("x", -3, 3));
        var after = new SearchSpace(Parameter.Float("x", -3, 3), Parameter.Categorical("w", "tfidf", "binary"));
        var objective = Objective.Create((t, _) => Math.Pow(t.Parameters.GetDouble("x") - 1, 2)
            + (t.Parameters.TryGetValue("w", out var w) && (string)w == "binary" ? 0 : 0.5));
        IReadOnlyList<FrozenTrial> first;
        using (var s = new SqliteStudyStorage(Db))
            first = (await new Study("grow", before, new GaussianProcessSampler(2), s).OptimizeAsync(objective, StudyBudget.OfTrials(6))).Trials;
        using var again = new SqliteStudyStorage(Db);
        var r = await new Study("grow", after, new GaussianProcessSampler(2), again).OptimizeAsync(objective, StudyBudget.OfTrials(14));
        Assert.Equal(14, r.Trials.Count);
        Assert.All(r.Trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(first.Select(t => (t.Number, t.Value)), r.Trials.Take(6).Select(t => (t.Number, t.Value)));
        Assert.All(r.Trials.Take(6), t => Assert.False(t.Parameters.ContainsKey("w")));
        Assert.All(r.Trials.Skip(6), t => Assert.Contains(t.Parameters.GetString("w"), new[] { "tfidf", "binary" }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Resume_RetriesTheTrialsCancellationStopped_WhenAsked_AndTheBudgetCountsTrialsThatEnded(bool retry)
    {
        // Two workers; the caller cancels while trials 4 and 5 run, so both end "Cancelled.".
        var options = new StudyOptions { Workers = 2, RetryCancelled = retry };
        using var cts = new CancellationTokenSource();
        int started = 0;
        var first = Objective.Create(async (t, ct) =>
        {
            if (t.Number >= 4)
            {
                if (Interlocked.Increment(ref started) == 2) cts.Cancel();
                await Task.Delay(TimeSpan.FromMinutes(5), ct);
            }
            return WorkerSpace.Evaluate(t.Parameters);
        });
        IReadOnlyList<FrozenTrial> before;
        using (var s = new SqliteStudyStorage(Db))
            before = (await new Study("retry", WorkerSpace.Space, new RandomSampler(3), s, options).OptimizeAsync(first, StudyBudget.OfTrials(10), cancellationToken: cts.Token)).Trials;
        var cancelled = before.Where(t => t.Error == Study.CancelledError).ToList();
        Assert.Equal([4, 5], cancelled.Select(t => t.Number));

        using var again = new SqliteStudyStorage(Db);
        var seen = new System.Collections.Concurrent.ConcurrentQueue<(int, string)>();
        var second = Objective.Create((t, _) => { seen.Enqueue((t.Number, t.Parameters.Key)); return WorkerSpace.Evaluate(t.Parameters); });
        var r = await new Study("retry", WorkerSpace.Space, new RandomSampler(3), again, options).OptimizeAsync(second, StudyBudget.OfTrials(10));
        Assert.All(r.Trials.Take(6), t => Assert.Equal(before[t.Number].State, t.State));
        if (retry)
        {
            // The two cancelled trials run first, as trials 6 and 7 with their parameters; they no longer count toward the
            // budget, so it ends with 10 trials that ran to an end (12 in all).
            Assert.Equal(12, r.Trials.Count);
            Assert.Equal(cancelled.Select(t => t.Parameters.Key), r.Trials.Skip(6).Take(2).Select(t => t.Parameters.Key));
            Assert.Equal(10, r.Trials.Count(t => t.State == TrialState.Complete));
            Assert.Equal([6, 7], seen.Select(x => x.Item1).Order().Take(2));
            // Resuming again has nothing to retry and nothing left in the budget.
            var third = await new Study("retry", WorkerSpace.Space, new RandomSampler(3), again, options).OptimizeAsync(second, StudyBudget.OfTrials(10));
            Assert.Equal(12, third.Trials.Count);
        }
        else
        {
            // Optuna's behaviour: a failed trial stays failed and counts.
            Assert.Equal(10, r.Trials.Count);
            Assert.Equal(8, r.Trials.Count(t => t.State == TrialState.Complete));
            Assert.DoesNotContain(r.Trials.Skip(6), t => cancelled.Any(c => c.Parameters.Key == t.Parameters.Key));
        }
    }

    [Fact]
    public async Task QueueTrials_ReadsAndQueuesInOneStep_SoAnotherConnectionReadsWhatItQueued()
    {
        using var a = new SqliteStudyStorage(Db);
        using var b = new SqliteStudyStorage(Db);
        var study = new Study("queue", WorkerSpace.Space, new RandomSampler(1), a);
        var p = (await study.OptimizeAsync(Quick, StudyBudget.OfTrials(1))).Trials[0].Parameters;
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var first = Task.Run(() => a.QueueTrials("queue", trials =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30)); // b's call starts while a has read but not yet written
            return [p];
        }));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        int seenByB = -1;
        var second = Task.Run(() => b.QueueTrials("queue", trials => { seenByB = trials.Count; return trials.Count == 1 ? [p] : []; }));
        await Task.Delay(300);
        Assert.False(second.IsCompleted); // waiting for a's write lock, not reading a snapshot from before a's trial
        release.Set();
        Assert.Equal([1], await first);
        Assert.Empty(await second);
        Assert.Equal(2, seenByB);
        Assert.Equal([TrialState.Complete, TrialState.Waiting], study.Trials.Select(t => t.State));
    }

    [Fact]
    public async Task Resume_InTwoProcessesAtOnce_RetriesEachCancelledTrialOnce()
    {
        using (var s = new SqliteStudyStorage(Db))
        {
            // Three trials, two of them then recorded as cut off by cancellation (as a deadline leaves them).
            var study = new Study("twice", WorkerSpace.Space, new RandomSampler(4), s);
            var done = (await study.OptimizeAsync(Quick, StudyBudget.OfTrials(3))).Trials;
            foreach (var t in done.Skip(1))
            {
                int n = s.CreateTrial("twice", t.Parameters, TrialState.Running, "gone", null)!.Value;
                s.FinishTrial("twice", n, TrialState.Failed, null, Study.CancelledError);
            }
        }
        // Two connections (two processes' storages) retry at the same moment, several times over on fresh copies of the file.
        for (int round = 0; round < 8; round++)
        {
            string db = Path.Combine(_dir, $"round{round}.db");
            File.Copy(Db, db);
            using var a = new SqliteStudyStorage(db);
            using var b = new SqliteStudyStorage(db);
            var options = new StudyOptions { RetryCancelled = true };
            var sa = new Study("twice", WorkerSpace.Space, new RandomSampler(4), a, options);
            var sb = new Study("twice", WorkerSpace.Space, new RandomSampler(4), b, options);
            using var start = new Barrier(2);
            var queued = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return sa.RetryCancelledTrials(); }),
                Task.Run(() => { start.SignalAndWait(); return sb.RetryCancelledTrials(); }));
            Assert.Equal([5, 6], queued.SelectMany(q => q).Order());
            var trials = sa.Trials;
            Assert.Equal(7, trials.Count);
            Assert.Equal(trials.Skip(3).Take(2).Select(t => t.Parameters.Key), trials.Skip(5).Select(t => t.Parameters.Key));
        }
    }

    [Fact]
    public void Open_WithOtherDirection_Throws()
    {
        using var s = new SqliteStudyStorage(Db);
        _ = new Study("dir", WorkerSpace.Space, new RandomSampler(1), s);
        Assert.Throws<InvalidOperationException>(() => new Study("dir", WorkerSpace.Space, new RandomSampler(1), s, new StudyOptions { Direction = StudyDirection.Maximize }));
    }

    [Fact]
    public async Task TwoConnections_ConcurrentStudies_ShareOneBudgetWithoutCorruption()
    {
        using var a = new SqliteStudyStorage(Db);
        using var b = new SqliteStudyStorage(Db);
        var slow = Objective.Create(async (t, ct) => { await Task.Delay(5, ct); return WorkerSpace.Evaluate(t.Parameters); });
        var ra = new Study("shared", WorkerSpace.Space, new RandomSampler(1), a, new StudyOptions { Workers = 2 }).OptimizeAsync(slow, StudyBudget.OfTrials(30));
        var rb = new Study("shared", WorkerSpace.Space, new RandomSampler(2), b, new StudyOptions { Workers = 2 }).OptimizeAsync(slow, StudyBudget.OfTrials(30));
        await Task.WhenAll(ra, rb);
        var trials = new Study("shared", WorkerSpace.Space, new RandomSampler(3), a).Trials;
        Assert.Equal(30, trials.Count);
        Assert.Equal(Enumerable.Range(0, 30), trials.Select(t => t.Number));
        Assert.All(trials, t => Assert.Equal(TrialState.Complete, t.State));
        Assert.Equal(2, trials.Select(t => t.Owner).Distinct().Count());
    }

    private static string WorkerDll => Path.Combine(AppContext.BaseDirectory, "DeepRoad.Tuning.StudyWorker.dll");

    private Process StartWorker(string study, int trials, int delayMs, int seed)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { WorkerDll, Db, study, trials.ToString(), delayMs.ToString(), seed.ToString() }) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    [Theory]
    [InlineData(StaleTrialPolicy.Fail)]
    [InlineData(StaleTrialPolicy.Requeue)]
    public async Task KilledProcess_LosesNoCompletedTrial_AndStudyFinishesOnResume(StaleTrialPolicy policy)
    {
        using (new SqliteStudyStorage(Db)) { } // create the file (and schema) before the child opens it
        using var child = StartWorker("killed", 40, 600, 5);
        List<FrozenTrial> before;
        using (var probe = new SqliteStudyStorage(Db))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            IReadOnlyList<FrozenTrial> trials = [];
            while (true)
            {
                if (child.HasExited)
                    Assert.Fail("worker exited early: " + await child.StandardError.ReadToEndAsync()
                        + string.Join(";", trials.Select(t => $"{t.Number}:{t.State}:{t.IntermediateValues.Count}")));
                var names = probe.GetStudyNames();
                trials = names.Contains("killed") ? probe.GetTrials("killed") : [];
                // kill while a trial is running and has already reported an intermediate value
                if (trials.Count(t => t.State == TrialState.Complete) >= 3 && trials.Any(t => t.State == TrialState.Running && t.IntermediateValues.Count > 0)) break;
                Assert.True(DateTime.UtcNow < deadline, "worker too slow");
                await Task.Delay(50);
            }
            child.Kill(); // SIGKILL on Unix: no cleanup runs
            await child.WaitForExitAsync();
            before = probe.GetTrials("killed").ToList();
        }
        var completed = before.Where(t => t.State == TrialState.Complete).ToList();
        var stale = before.Where(t => t.State == TrialState.Running).ToList();
        Assert.True(completed.Count >= 3);
        Assert.NotEmpty(stale);

        using var storage = new SqliteStudyStorage(Db);
        var study = new Study("killed", WorkerSpace.Space, new RandomSampler(5), storage, new StudyOptions { StaleTrials = policy });
        var result = await study.OptimizeAsync(Objective.Create(WorkerSpace.Evaluate), StudyBudget.OfTrials(before.Count + 4));
        var after = result.Trials.ToDictionary(t => t.Number);
        foreach (var t in completed)
        {
            var a = after[t.Number];
            Assert.Equal(TrialState.Complete, a.State);
            Assert.Equal(t.Value, a.Value);
            Assert.Equal(t.Parameters, a.Parameters);
            Assert.Equal(t.IntermediateValues, a.IntermediateValues);
        }
        foreach (var t in stale)
        {
            var a = after[t.Number];
            if (policy == StaleTrialPolicy.Fail)
            {
                Assert.Equal(TrialState.Failed, a.State);
                Assert.Contains("Stale", a.Error);
            }
            else
            {
                Assert.Equal(TrialState.Complete, a.State);
                Assert.Equal(t.Parameters, a.Parameters);
                Assert.Equal(WorkerSpace.Evaluate(t.Parameters), a.Value);
            }
        }
        Assert.Equal(before.Count + 4, result.Trials.Count);
        Assert.DoesNotContain(result.Trials, t => t.State is TrialState.Running or TrialState.Waiting);
    }

    [Fact]
    public async Task TwoProcesses_ShareOneStudy()
    {
        using (new SqliteStudyStorage(Db)) { }
        using var p1 = StartWorker("procs", 24, 30, 1);
        using var p2 = StartWorker("procs", 24, 30, 2);
        await Task.WhenAll(p1.WaitForExitAsync(), p2.WaitForExitAsync());
        Assert.True(p1.ExitCode == 0, await p1.StandardError.ReadToEndAsync());
        Assert.True(p2.ExitCode == 0, await p2.StandardError.ReadToEndAsync());
        using var storage = new SqliteStudyStorage(Db);
        var trials = storage.GetTrials("procs");
        Assert.Equal(24, trials.Count);
        Assert.Equal(Enumerable.Range(0, 24), trials.Select(t => t.Number));
        Assert.All(trials, t => { Assert.Equal(TrialState.Complete, t.State); Assert.Equal(3, t.IntermediateValues.Count); });
    }
}
