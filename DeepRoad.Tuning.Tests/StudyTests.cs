using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Tests;

public sealed class StudyTests
{
    private static readonly SearchSpace Space = new(Parameter.Float("x", -2, 2), Parameter.Int("k", 1, 5));

    private static double Quadratic(ParameterSet p) => Math.Pow(p.GetDouble("x") - 0.5, 2) + p.GetInt("k");

    private sealed class ListProgress : IProgress<StudyEvent>
    {
        public List<StudyEvent> Events { get; } = new();
        public void Report(StudyEvent value) { lock (Events) Events.Add(value); }
    }

    [Fact]
    public async Task Optimize_TrialBudget_RunsExactlyAndTracksBest()
    {
        var study = new Study("q", Space, new RandomSampler(1));
        var progress = new ListProgress();
        var r = await study.OptimizeAsync(Objective.Create(Quadratic), StudyBudget.OfTrials(12), progress);
        Assert.Equal(StudyStopReason.TrialBudget, r.StopReason);
        Assert.Equal(12, r.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 12), r.Trials.Select(t => t.Number));
        Assert.All(r.Trials, t => { Assert.Equal(TrialState.Complete, t.State); Assert.NotNull(t.StartedAt); Assert.NotNull(t.FinishedAt); });
        Assert.Equal(r.Trials.Min(t => t.Value), r.BestValue);
        Assert.Equal(12, progress.Events.Count(e => e.Kind == StudyEventKind.TrialStarted));
        Assert.Equal(12, progress.Events.Count(e => e.Kind == StudyEventKind.TrialCompleted));
        var bests = progress.Events.Where(e => e.Kind == StudyEventKind.NewBest).Select(e => e.Trial.Value!.Value).ToArray();
        Assert.Equal(bests.OrderByDescending(v => v), bests);
        Assert.Equal(r.BestValue, bests[^1]);
    }

    [Fact]
    public async Task Optimize_Maximize_PicksLargest()
    {
        var study = new Study("max", Space, new RandomSampler(2), options: new StudyOptions { Direction = StudyDirection.Maximize });
        var r = await study.OptimizeAsync(Objective.Create(Quadratic), StudyBudget.OfTrials(10));
        Assert.Equal(r.Trials.Max(t => t.Value), r.BestValue);
    }

    [Fact]
    public async Task ThrowingTrial_IsRecordedFailed_AndStudyGoesOn()
    {
        var study = new Study("throws", Space, new RandomSampler(3));
        var progress = new ListProgress();
        var r = await study.OptimizeAsync(Objective.Create(p => p.GetInt("k") == 3 ? throw new InvalidOperationException("boom at k=3") : Quadratic(p)), StudyBudget.OfTrials(20), progress);
        Assert.Equal(20, r.Trials.Count);
        var failed = r.Trials.Where(t => t.State == TrialState.Failed).ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => { Assert.Equal(3, t.Parameters.GetInt("k")); Assert.Contains("boom at k=3", t.Error); Assert.Null(t.Value); });
        Assert.Equal(failed.Length, progress.Events.Count(e => e.Kind == StudyEventKind.TrialFailed));
        Assert.NotEqual(3, r.BestTrial!.Parameters.GetInt("k"));
    }

    [Fact]
    public async Task FailingTrial_NaN_IsFailed_AndErrorScoreRecorded()
    {
        var study = new Study("nan", Space, new RandomSampler(4), options: new StudyOptions { ErrorScore = 99 });
        var r = await study.OptimizeAsync(Objective.Create(p => p.GetInt("k") >= 4 ? double.NaN : Quadratic(p)), StudyBudget.OfTrials(15));
        var failed = r.Trials.Where(t => t.State == TrialState.Failed).ToArray();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => { Assert.Equal(99, t.Value); Assert.Contains("NaN", t.Error); });
        Assert.True(r.BestValue < 99);
    }

    [Fact]
    public async Task RaisePolicy_RethrowsAfterRecording()
    {
        var study = new Study("raise", Space, new RandomSampler(5), options: new StudyOptions { FailurePolicy = FailurePolicy.Raise });
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => study.OptimizeAsync(
            Objective.Create((t, _) => t.Number == 2 ? throw new InvalidOperationException("third") : 1.0), StudyBudget.OfTrials(10)));
        Assert.Equal("third", ex.Message);
        Assert.Equal(3, study.Trials.Count);
        Assert.Equal(TrialState.Failed, study.Trials[2].State);
    }

    [Fact]
    public async Task Cancellation_StopsPromptly_CancelsRunningTrial_ReturnsBestSoFar()
    {
        var study = new Study("cancel", Space, new RandomSampler(6));
        using var cts = new CancellationTokenSource();
        var objective = Objective.Create(async (t, ct) =>
        {
            if (t.Number == 3)
            {
                cts.Cancel();
                await Task.Delay(TimeSpan.FromMinutes(5), ct); // must be interrupted
            }
            return Quadratic(t.Parameters);
        });
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = await study.OptimizeAsync(objective, StudyBudget.OfTrials(100), cancellationToken: cts.Token);
        Assert.True(sw.Elapsed < TimeSpan.FromMinutes(1));
        Assert.Equal(StudyStopReason.Cancelled, r.StopReason);
        Assert.Equal(4, r.Trials.Count);
        Assert.Equal(TrialState.Failed, r.Trials[3].State);
        Assert.Equal("Cancelled.", r.Trials[3].Error);
        Assert.Equal(r.Trials.Take(3).Min(t => t.Value), r.BestValue);
    }

    [Fact]
    public async Task TimeBudget_StopsStartingTrials()
    {
        var study = new Study("time", Space, new RandomSampler(7));
        var r = await study.OptimizeAsync(Objective.Create(async (t, ct) => { await Task.Delay(50, ct); return 1.0; }), new StudyBudget(Time: TimeSpan.FromMilliseconds(400)));
        Assert.Equal(StudyStopReason.TimeBudget, r.StopReason);
        Assert.InRange(r.Trials.Count, 1, 9);
        Assert.All(r.Trials, t => Assert.Equal(TrialState.Complete, t.State));
    }

    [Fact]
    public async Task Enqueued_RunFirst_WithGivenParameters()
    {
        var study = new Study("enqueue", Space, new RandomSampler(8));
        var given = new ParameterSet(new Dictionary<string, object> { ["x"] = 0.5, ["k"] = 1 });
        study.Enqueue(given);
        var r = await study.OptimizeAsync(Objective.Create(Quadratic), StudyBudget.OfTrials(5));
        Assert.Equal(given, r.Trials[0].Parameters);
        Assert.Equal(1.0, r.BestValue);
    }

    [Theory]
    [InlineData("gp")]
    [InlineData("random")]
    public async Task ParallelWorkers_SameSeed_SameStudyAsOneWorker(string kind)
    {
        async Task<IReadOnlyList<FrozenTrial>> Run(int workers)
        {
            ISampler sampler = kind == "gp" ? new GaussianProcessSampler(11, new GaussianProcessSamplerOptions { InitialTrials = 4, Candidates = 128, LocalCandidates = 32 }) : new RandomSampler(11);
            var study = new Study("par", Space, sampler, options: new StudyOptions { Workers = workers, PendingWindow = 2 });
            var r = await study.OptimizeAsync(Objective.Create(async (t, ct) =>
            {
                await Task.Delay((t.Number * 37) % 5 * 10, ct); // finish out of order
                return Quadratic(t.Parameters);
            }), StudyBudget.OfTrials(12));
            return r.Trials;
        }
        var one = await Run(1);
        var three = await Run(3);
        Assert.Equal(one.Select(t => t.Parameters), three.Select(t => t.Parameters));
        Assert.Equal(one.Select(t => t.Value), three.Select(t => t.Value));
    }

    /// <summary>
    /// Random and grid proposals ignore trial values, so on 2 workers a slow trial 0 must not hold the other worker back
    /// (model-based samplers wait for the trials of their determinism window). Trial 0 is released only by three later
    /// trials finishing while it runs; a study that waited for it would time out and record -1.
    /// </summary>
    [Theory]
    [InlineData("random")]
    [InlineData("grid")]
    public async Task ParallelWorkers_ResultFreeSampler_DoesNotWaitForASlowEarlierTrial(string kind)
    {
        ISampler sampler = kind == "grid" ? new GridSampler(3, resolution: 4) : new RandomSampler(3);
        var study = new Study("slow", Space, sampler, options: new StudyOptions { Workers = 2 });
        var r = await study.OptimizeAsync(SlowFirstTrial(TimeSpan.FromSeconds(20), _ => 2.0), StudyBudget.OfTrials(6));
        Assert.Equal(6, r.Trials.Count);
        Assert.Equal(1.0, r.Trials.Single(t => t.Number == 0).Value);
        Assert.Equal(6, r.Trials.Select(t => t.Parameters.Key).Distinct().Count());
    }

    /// <summary>
    /// A model-based sampler waits for the trials of its determinism window: trial 0 is slow, so without
    /// <see cref="StudyOptions.Asynchronous"/> trial 2 cannot start before it ends and trial 0 times out (-1). An
    /// asynchronous study proposes from what has finished, so three later trials finish while trial 0 runs and release it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ParallelWorkers_ModelBasedSampler_WaitsForASlowTrialUnlessAsynchronous(bool asynchronous)
    {
        var sampler = new GaussianProcessSampler(5, new GaussianProcessSamplerOptions { InitialTrials = 2, Candidates = 64, LocalCandidates = 16 });
        var study = new Study("async", Space, sampler, options: new StudyOptions { Workers = 2, Asynchronous = asynchronous });
        var r = await study.OptimizeAsync(SlowFirstTrial(TimeSpan.FromSeconds(3), Quadratic), StudyBudget.OfTrials(6));
        Assert.Equal(6, r.Trials.Count);
        Assert.Equal(asynchronous ? 1.0 : -1.0, r.Trials.Single(t => t.Number == 0).Value);
        Assert.Equal(6, r.Trials.Select(t => t.Parameters.Key).Distinct().Count());
    }

    /// <summary>
    /// Trial 0 waits until three later trials have finished (value 1) or <paramref name="timeout"/> passes (value -1);
    /// the others return <paramref name="value"/> at once.
    /// </summary>
    private static IObjective SlowFirstTrial(TimeSpan timeout, Func<ParameterSet, double> value)
    {
        var others = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Objective.Create(async (t, ct) =>
        {
            if (t.Number == 0)
                return await Task.WhenAny(release.Task, Task.Delay(timeout, ct)) == release.Task ? 1.0 : -1.0;
            if (Interlocked.Increment(ref others) >= 3) release.TrySetResult();
            await Task.Yield();
            return value(t.Parameters);
        });
    }

    [Fact]
    public async Task ParallelWorkers_RunConcurrently()
    {
        var study = new Study("conc", Space, new RandomSampler(12), options: new StudyOptions { Workers = 3 });
        var running = 0;
        var peak = 0;
        var r = await study.OptimizeAsync(Objective.Create(async (t, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            lock (study) peak = Math.Max(peak, now);
            await Task.Delay(60, ct);
            Interlocked.Decrement(ref running);
            return 1.0;
        }), StudyBudget.OfTrials(9));
        Assert.Equal(9, r.Trials.Count);
        Assert.True(peak >= 2, $"peak concurrency {peak}");
        Assert.True(peak <= 3);
    }

    [Fact]
    public async Task SecondCall_SameStorage_ResumesToTotalBudget()
    {
        var storage = new Storage.InMemoryStudyStorage();
        var r1 = await new Study("resume", Space, new RandomSampler(1), storage).OptimizeAsync(Objective.Create(Quadratic), StudyBudget.OfTrials(5));
        var r2 = await new Study("resume", Space, new RandomSampler(1), storage).OptimizeAsync(Objective.Create(Quadratic), StudyBudget.OfTrials(8));
        Assert.Equal(5, r1.Trials.Count);
        Assert.Equal(8, r2.Trials.Count);
        Assert.Equal(r1.Trials.Select(t => t.Value), r2.Trials.Take(5).Select(t => t.Value));
    }

    [Fact]
    public async Task Trial_ReportsIntermediateValuesAndAttributes()
    {
        var study = new Study("attrs", Space, new RandomSampler(13));
        var r = await study.OptimizeAsync(Objective.Create((t, _) =>
        {
            for (var s = 0; s < 3; s++) t.Report(s, s * 1.5);
            t.SetAttribute("fit_seconds", 0.25);
            return 1.0;
        }), StudyBudget.OfTrials(2));
        Assert.All(r.Trials, t =>
        {
            Assert.Equal([0.0, 1.5, 3.0], t.IntermediateValues.Select(kv => kv.Value));
            Assert.Equal("0.25", t.Attributes["fit_seconds"]);
        });
    }
}
