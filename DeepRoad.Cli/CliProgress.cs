using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace DeepRoad.Cli;

/// <summary>
/// Progress of a long command (automl, tune). On a terminal it is Spectre.Console's live bar. On redirected output
/// (a log file, a CI job, <c>| tee</c>) a live bar cannot redraw, and Spectre's fallback prints only at a few
/// milestones, so a 300-second search could log nothing for a minute; there it writes plain timestamped lines
/// instead: a <em>milestone</em> (a new phase, a new best) at once but at most once per <see cref="MilestoneGap"/>,
/// and otherwise the latest state every <see cref="Interval"/>, only when it changed.
/// </summary>
internal sealed class CliProgress
{
    /// <summary>Longest quiet stretch on redirected output while something changes.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Shortest gap between two milestone lines (a small table finds a new best many times a second).</summary>
    public static readonly TimeSpan MilestoneGap = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly ProgressTask? _bar;
    private readonly TextWriter? _log;
    private readonly Func<TimeSpan> _clock;
    private string? _printed;
    private TimeSpan? _printedAt;
    private (double Fraction, string Description)? _pending;
    private bool _pendingMilestone;
    private bool _closed;
    private string? _lastKey;

    private CliProgress(ProgressTask? bar, TextWriter? log, Func<TimeSpan> clock) => (_bar, _log, _clock) = (bar, log, clock);

    /// <summary>A reporter that writes plain lines to <paramref name="log"/>, timed by <paramref name="clock"/> (tests pass their own).</summary>
    internal static CliProgress Plain(TextWriter log, Func<TimeSpan> clock) => new(null, log, clock);

    /// <summary>Whether this process's output is a terminal that a live bar can redraw.</summary>
    public static bool Live(IAnsiConsole console) => !Console.IsOutputRedirected && console.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a reporter: the live bar on a terminal, plain lines otherwise.</summary>
    public static async Task RunAsync(IAnsiConsole console, string description, Func<CliProgress, Task> body)
    {
        if (Live(console))
        {
            await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var reporter = new CliProgress(ctx.AddTask(Markup.Escape(description), maxValue: 1000), null, () => TimeSpan.Zero);
                    try { await body(reporter).ConfigureAwait(false); }
                    finally { reporter.Complete(); }
                }).ConfigureAwait(false);
            return;
        }
        var watch = Stopwatch.StartNew();
        var plain = new CliProgress(null, Console.Out, () => watch.Elapsed);
        plain.Update(0, description, milestone: description);
        // A state held back by the milestone gap is printed by the tick, not left waiting for the next report.
        var timer = new Timer(_ => plain.Tick(), null, MilestoneGap, MilestoneGap);
        try { await body(plain).ConfigureAwait(false); }
        finally
        {
            await timer.DisposeAsync().ConfigureAwait(false);
            // Also on a cancel or an error: the last state is printed, and nothing writes after this (the writer may be a
            // test's, disposed once the command returns).
            plain.Complete();
        }
    }

    /// <summary>
    /// Reports the state: <paramref name="fraction"/> of the budget used (0..1) and a one-line description.
    /// <paramref name="milestone"/> is a key whose change is worth a line of its own (the phase and the best so far);
    /// null when only counts moved. Thread-safe: the search reports from its workers.
    /// </summary>
    public void Update(double fraction, string description, string? milestone = null)
    {
        fraction = Math.Clamp(double.IsNaN(fraction) ? 0 : fraction, 0, 1);
        lock (_gate)
        {
            if (_closed) return;
            if (_bar is not null)
            {
                _bar.Value = fraction * 1000;
                _bar.Description = Markup.Escape(description);
                return;
            }
            if (milestone is not null && milestone != _lastKey) (_lastKey, _pendingMilestone) = (milestone, true);
            if (description != _printed) _pending = (fraction, description);
            else (_pending, _pendingMilestone) = (null, false);
            TryFlush(_clock());
        }
    }

    /// <summary>Prints a state that was held back once its gap has passed (called every second on redirected output).</summary>
    internal void Tick()
    {
        lock (_gate)
            if (_bar is null && !_closed) TryFlush(_clock());
    }

    private void TryFlush(TimeSpan now)
    {
        if (_pending is null) return;
        var gap = _printedAt is { } at ? now - at : TimeSpan.MaxValue;
        if ((_pendingMilestone && gap >= MilestoneGap) || gap >= Interval) Flush(now);
    }

    /// <summary>Marks the work finished: the bar at 100 %, or the last unprinted state as a final line. Later reports are ignored.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            if (_bar is not null) _bar.Value = _bar.MaxValue;
            else if (_pending is not null) Flush(_clock());
        }
    }

    private void Flush(TimeSpan now)
    {
        var (fraction, description) = _pending!.Value;
        (_printed, _printedAt, _pending, _pendingMilestone) = (description, now, null, false);
        try
        {
            _log!.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{now.TotalSeconds,6:0.0} s] {fraction * 100,3:0} %  {description}"));
            _log.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // A log that can no longer be written (a closed pipe, a disposed writer) ends the progress, not the command:
            // this runs on the search's workers and on a timer thread, where an exception would end the process.
            _closed = true;
        }
    }

    /// <summary>An <see cref="IProgress{T}"/> that runs <paramref name="handler"/> on the reporting thread at once (unlike
    /// <see cref="Progress{T}"/>, which, with no synchronization context, posts each report to the thread pool, out of order).</summary>
    public static IProgress<T> Handler<T>(Action<T> handler) => new Direct<T>(handler);

    private sealed class Direct<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }
}
