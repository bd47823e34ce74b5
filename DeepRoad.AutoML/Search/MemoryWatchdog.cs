namespace DeepRoad.AutoML.Search;

/// <summary>
/// The AutoML memory limit (<see cref="AutoMLOptions.MemoryLimitBytes"/>). Every 200 ms, and again when a trial's fit
/// returns (<see cref="TrialObjective.MemoryGuard"/>), it reads the process working set; over the limit, it cancels
/// every running trial with a memory error, holds new trials back, and ~2 s later (the cancelled fits wound down,
/// a full collection done) looks again. Still over, it gives memory back from the <see cref="Persistence.TrialArchive"/> (the fold
/// models of fewer complete trials stay in memory, <see cref="Persistence.TrialArchive.Shrink"/>) until the process is under the
/// limit or nothing is left to drop; only then does the whole search stop. Before a breach, at
/// <see cref="SoftShare"/> of the limit, it shrinks the archive the same way without cancelling anything: on text data the
/// kept fold models of twenty trials are gigabytes, and they would otherwise push every new trial over the limit.
/// </summary>
/// <remarks>
/// The watch runs on its own thread, not on a thread-pool timer: the trials' fits hold the pool's threads, and on a
/// loaded two-core machine a pool timer's tick came too late to stop a trial that finished over the limit. The check
/// at a trial's end makes the limit hold however late the tick: a trial whose fit returns over the limit is failed, not
/// kept.
/// </remarks>
internal sealed class MemoryWatchdog : IDisposable
{
    private readonly long _limit;
    private readonly TrialObjective _objective;
    private readonly CancellationTokenSource _search;
    private readonly Func<long> _workingSet;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly TimeSpan _period;

    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(200);

    /// <summary>Share of the limit above which the archive is shrunk before any trial is cancelled.</summary>
    public const double SoftShare = 0.85;

    private int _shrinking;
    private long _nextSoftShrink;

    public MemoryWatchdog(long limit, TrialObjective objective, CancellationTokenSource search, Func<long>? workingSet = null, TimeSpan? period = null)
    {
        _period = period ?? DefaultPeriod;
        _limit = limit;
        _objective = objective;
        _search = search;
        _workingSet = workingSet ?? (() => Environment.WorkingSet);
        _thread = new Thread(Watch) { IsBackground = true, Name = "DeepRoad memory watchdog" };
        _thread.Start();
    }

    private void Watch()
    {
        while (!_stop.Token.WaitHandle.WaitOne(_period)) Check();
    }

    /// <summary>
    /// One look at the working set. Over the limit with trials running: sets <see cref="TrialObjective.MemoryError"/>,
    /// cancels every running trial, and (on the first look of a breach) schedules the recovery. Returns the error when
    /// the working set is over the limit, else null.
    /// </summary>
    public string? Check()
    {
        long ws = _workingSet();
        // At most one soft shrink per two seconds: a collection takes a while to show in the working set. It runs here,
        // on the watchdog's thread (or the trial's, at its end), not on the thread pool: the fits hold the pool, and a
        // queued shrink came after the next trial had already pushed the process over the limit.
        if (ws > SoftShare * _limit && ws <= _limit && Environment.TickCount64 >= Volatile.Read(ref _nextSoftShrink)
            && Interlocked.CompareExchange(ref _shrinking, 1, 0) == 0)
        {
            // The shared featurized rows go too: they only save time.
            try
            {
                long cached = _objective.Features?.Clear() ?? 0;
                if (_objective.Archive.Shrink() > 0 || cached > 0) Collect();
            }
            finally
            {
                Volatile.Write(ref _nextSoftShrink, Environment.TickCount64 + 2000);
                Volatile.Write(ref _shrinking, 0);
            }
        }
        if (ws <= _limit || _objective.Running.IsEmpty) return null;
        bool breach;
        string error;
        lock (_gate)
        {
            breach = _objective.MemoryError is null;
            if (breach) _objective.MemoryError = $"memory limit exceeded ({ws >> 20} MiB > {_limit >> 20} MiB); trial cancelled.";
            error = _objective.MemoryError!;
        }
        // While over the limit no trial runs: one that started after the first look (between its wait for the recovery
        // below and this look) is cancelled too, with the same error.
        foreach (var running in _objective.Running.Values)
            if (!running.IsCancellationRequested) try { running.Cancel(); } catch (ObjectDisposedException) { }
        if (breach) _ = Task.Run(RecoverAsync);
        return error;
    }

    /// <summary>Frees what the cancelled trials held; stops the search when the data alone exceeds the limit.</summary>
    private async Task RecoverAsync()
    {
        await Task.Delay(TrialObjective.Grace + TimeSpan.FromSeconds(0.5)).ConfigureAwait(false);
        _objective.Features?.Clear();
        Collect();
        while (_workingSet() > _limit && _objective.Archive.Shrink() > 0) Collect();
        if (_workingSet() > _limit) try { _search.Cancel(); } catch (ObjectDisposedException) { }
        lock (_gate) _objective.MemoryError = null;
    }

    /// <summary>A full, compacting collection (large objects too), so that what was dropped leaves the working set.</summary>
    private static void Collect()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        NativeHeap.Trim();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }
}
