using DeepRoad.Cli;

namespace DeepRoad.Tests.Cli;

/// <summary>
/// The plain progress lines the CLI writes when its output is redirected (a log file, CI): a new phase or best at once
/// (at most one a second), other changes at most every ten seconds, nothing for an unchanged state, the last state at
/// the end, and nothing after it.
/// </summary>
public sealed class CliProgressTests
{
    private sealed class Clock
    {
        public TimeSpan Now;
        public void Advance(double seconds) => Now += TimeSpan.FromSeconds(seconds);
    }

    private static (CliProgress Progress, StringWriter Log, Clock Clock) Make()
    {
        var clock = new Clock();
        var log = new StringWriter();
        return (CliProgress.Plain(log, () => clock.Now), log, clock);
    }

    private static string[] Lines(StringWriter log) => log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void FirstState_IsPrintedAtOnce_WithTimeAndPercent_AndAnUnchangedStateIsNotRepeated()
    {
        var (p, log, clock) = Make();
        clock.Advance(2.5);
        p.Update(0.25, "search: 3 trials, best 0.9 (LightGbm)", milestone: "search 0.9");
        clock.Advance(30);
        p.Update(0.30, "search: 3 trials, best 0.9 (LightGbm)", milestone: "search 0.9");
        p.Tick();
        Assert.Equal(["[   2.5 s]  25 %  search: 3 trials, best 0.9 (LightGbm)"], Lines(log));
    }

    [Fact]
    public void CountsOnly_AreHeldForTenSeconds_ThenPrintedOnTheNextReportOrTick()
    {
        var (p, log, clock) = Make();
        p.Update(0, "search: 0 trials", milestone: "search");
        clock.Advance(3);
        p.Update(0.1, "search: 1 trials");
        clock.Advance(3);
        p.Update(0.2, "search: 2 trials");
        p.Tick();
        Assert.Single(Lines(log));
        clock.Advance(CliProgress.Interval.TotalSeconds);
        p.Tick();
        Assert.Equal("[  16.0 s]  20 %  search: 2 trials", Lines(log)[^1]);
        Assert.Equal(2, Lines(log).Length);
    }

    [Fact]
    public void Milestones_ArePrintedAtOnce_ButAtMostOneASecond_AndAHeldOneIsPrintedByTheTick()
    {
        var (p, log, clock) = Make();
        p.Update(0, "search: 1 trials, best 0.8", milestone: "search 0.8");
        clock.Advance(0.2);
        p.Update(0.01, "search: 2 trials, best 0.85", milestone: "search 0.85");
        clock.Advance(0.2);
        p.Update(0.02, "search: 3 trials, best 0.86", milestone: "search 0.86");
        Assert.Single(Lines(log)); // both held: within a second of the first line
        clock.Advance(1);
        p.Tick();
        Assert.Equal(["[   0.0 s]   0 %  search: 1 trials, best 0.8", "[   1.4 s]   2 %  search: 3 trials, best 0.86"], Lines(log));
        clock.Advance(5);
        p.Update(0.5, "ensemble: 3 trials, best 0.86", milestone: "ensemble 0.86"); // a new phase
        Assert.Equal("[   6.4 s]  50 %  ensemble: 3 trials, best 0.86", Lines(log)[^1]);
    }

    [Fact]
    public void Complete_PrintsTheLastHeldState_AndLaterReportsAreIgnored()
    {
        var (p, log, clock) = Make();
        p.Update(0, "search: 0 trials", milestone: "search");
        clock.Advance(2);
        p.Update(0.9, "search: 40 trials");
        p.Complete();
        clock.Advance(20);
        p.Update(1, "done: 40 trials", milestone: "done");
        p.Tick();
        p.Complete();
        Assert.Equal(["[   0.0 s]   0 %  search: 0 trials", "[   2.0 s]  90 %  search: 40 trials"], Lines(log));
    }

    [Fact]
    public void AWriterThatFails_EndsTheProgress_WithoutThrowing()
    {
        var clock = new Clock();
        var log = new StringWriter();
        var p = CliProgress.Plain(log, () => clock.Now);
        p.Update(0, "search: 0 trials", milestone: "search");
        log.Dispose(); // the writer of a finished test, or a closed pipe
        clock.Advance(20);
        p.Update(0.5, "search: 9 trials, best 0.9", milestone: "search 0.9");
        p.Tick();
        p.Complete();
    }

    [Fact]
    public async Task Handler_RunsOnTheReportingThread_InOrder()
    {
        var seen = new List<int>();
        var progress = CliProgress.Handler<int>(seen.Add);
        for (int i = 0; i < 100; i++) progress.Report(i);
        await Task.Yield();
        Assert.Equal(Enumerable.Range(0, 100), seen);
    }
}
