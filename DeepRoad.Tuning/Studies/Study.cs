using System.Diagnostics;
using System.Runtime.ExceptionServices;
using DeepRoad.Tuning.Pruning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using DeepRoad.Tuning.Storage;

namespace DeepRoad.Tuning;

/// <summary>
/// Runs an objective over trials proposed by a sampler, under a budget, recording everything in a storage. The study
/// object holds no trial state itself: the storage does, so a study can be reopened by name, resumed after a crash,
/// and shared by several processes (with <see cref="SqliteStudyStorage"/>).
/// </summary>
/// <example>
/// <code>
/// var space = new SearchSpace(Parameter.Float("x", -5, 10), Parameter.Float("y", 0, 15));
/// var study = new Study("branin", space, new GaussianProcessSampler(seed: 1));
/// var result = await study.OptimizeAsync(Objective.Create(p => Branin(p.GetDouble("x"), p.GetDouble("y"))), StudyBudget.OfTrials(40));
/// </code>
/// </example>
public sealed class Study
{
    /// <summary>The <see cref="FrozenTrial.Error"/> of a trial that the study's cancellation (budget, deadline or caller) stopped.</summary>
    public const string CancelledError = "Cancelled.";

    private readonly object _gate = new();
    private double? _best;
    private int _finished;

    /// <summary>Creates the study in <paramref name="storage"/> (in memory when null), or opens it when a study of that name exists.</summary>
    public Study(string name, SearchSpace space, ISampler sampler, IStudyStorage? storage = null, StudyOptions? options = null, IPruner? pruner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Space = space ?? throw new ArgumentNullException(nameof(space));
        Sampler = sampler ?? throw new ArgumentNullException(nameof(sampler));
        Storage = storage ?? new InMemoryStudyStorage();
        Options = options ?? new StudyOptions();
        Options.Validate();
        Pruner = pruner ?? NopPruner.Instance;
        Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        Storage.CreateOrOpenStudy(name, Options.Direction, space.ToJson());
    }

    /// <summary>Study name (key in the storage).</summary>
    public string Name { get; }

    /// <summary>The search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The sampler.</summary>
    public ISampler Sampler { get; }

    /// <summary>Where trials are kept.</summary>
    public IStudyStorage Storage { get; }

    /// <summary>Options.</summary>
    public StudyOptions Options { get; }

    /// <summary>The pruner (never prunes by default).</summary>
    public IPruner Pruner { get; }

    /// <summary>Identifies this study object's trials in the storage: host:pid:id.</summary>
    public string Owner { get; }

    /// <summary>All trials, ordered by number, with parameters typed by the search space.</summary>
    public IReadOnlyList<FrozenTrial> Trials =>
        Storage.GetTrials(Name).Select(t => t with { Parameters = Space.Normalize(t.Parameters) }).ToArray();

    /// <summary>The best complete trial, or null.</summary>
    public FrozenTrial? BestTrial => Best(Trials);

    private FrozenTrial? Best(IEnumerable<FrozenTrial> trials)
    {
        FrozenTrial? best = null;
        foreach (var t in trials)
            if (t.State == TrialState.Complete && t.Value is { } v && !double.IsNaN(v) && (best is null || IsBetter(v, best.Value!.Value)))
                best = t;
        return best;
    }

    private bool IsBetter(double a, double b) => Options.Direction == StudyDirection.Minimize ? a < b : a > b;

    /// <summary>Queues parameters to be evaluated before the sampler is asked (Optuna's enqueue_trial); returns the trial number.</summary>
    public int Enqueue(ParameterSet parameters)
    {
        var normalized = Space.Normalize(parameters);
        if (Space.Validate(normalized) is { } problem) throw new ArgumentException($"Cannot enqueue: {problem}.");
        return Storage.CreateTrial(Name, normalized, TrialState.Waiting, null, null)!.Value;
    }

    /// <summary>
    /// Fails or re-queues (per <see cref="StudyOptions.StaleTrials"/>) running trials whose process died; called at the start of
    /// <see cref="OptimizeAsync"/>. Returns how many were recovered.
    /// </summary>
    public int RecoverStaleTrials() => Storage.RecoverStaleTrials(Name, IsStale, Options.StaleTrials);

    /// <summary>
    /// Queues again every trial that cancellation stopped and no later trial has retried (see
    /// <see cref="StudyOptions.RetryCancelled"/>); called at the start of <see cref="OptimizeAsync"/> when that option is on.
    /// Returns the numbers of the queued trials, in the order of the trials they retry.
    /// </summary>
    public IReadOnlyList<int> RetryCancelledTrials() => Storage.QueueTrials(Name, stored =>
    {
        // Read and queued in one step of the storage: two processes resuming one study at once retry a trial once.
        var trials = stored.Select(t => t with { Parameters = Space.Normalize(t.Parameters) }).ToList();
        var superseded = Superseded(trials);
        // Already normalised, and valid when they first ran.
        return trials.Where(t => IsCancelled(t) && !superseded.Contains(t.Number)).Select(t => t.Parameters).ToList();
    });

    private static bool IsCancelled(FrozenTrial t) => t.State == TrialState.Failed && t.Error == CancelledError;

    /// <summary>The cancelled trials that a later trial with the same parameters retried.</summary>
    private static HashSet<int> Superseded(IReadOnlyList<FrozenTrial> trials)
    {
        var later = new HashSet<string>();
        var result = new HashSet<int>();
        for (int i = trials.Count - 1; i >= 0; i--)
        {
            var t = trials[i];
            if (IsCancelled(t) && later.Contains(t.Parameters.Key)) result.Add(t.Number);
            later.Add(t.Parameters.Key);
        }
        return result;
    }

    private bool IsStale(FrozenTrial t)
    {
        if (t.Owner is null) return true;
        var parts = t.Owner.Split(':');
        if (parts.Length == 3 && parts[0] == Environment.MachineName && int.TryParse(parts[1], out var pid) && pid != Environment.ProcessId && !ProcessAlive(pid))
            return true;
        return t.HeartbeatAt is not { } hb || DateTimeOffset.UtcNow - hb > Options.StaleAfter;
    }

    private static bool ProcessAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs trials until the budget is spent, the sampler is exhausted or <paramref name="cancellationToken"/> fires, and returns
    /// the best trial so far (cancellation does not throw: running trials are cancelled and recorded as failed).
    /// With <see cref="FailurePolicy.Raise"/> the first objective exception stops the study and is rethrown.
    /// </summary>
    public async Task<StudyResult> OptimizeAsync(IObjective objective, StudyBudget budget, IProgress<StudyEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(budget);
        budget.Validate();
        RecoverStaleTrials();
        if (Options.RetryCancelled) RetryCancelledTrials();
        var clock = Stopwatch.StartNew();
        var initial = Trials;
        // With retries on, cancelled trials that a later trial retried do not count toward the trial budget.
        int superseded = Options.RetryCancelled ? Superseded(initial).Count : 0;
        int? maxTrials = budget.Trials is { } bt ? (int)Math.Min(int.MaxValue, (long)bt + superseded) : null;
        lock (_gate)
        {
            _best = Best(initial)?.Value;
            _finished = initial.Count(t => t.IsFinished);
        }

        var running = new Dictionary<int, Task>();
        using var trialCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var heartbeatCts = new CancellationTokenSource();
        var heartbeat = HeartbeatLoop(heartbeatCts.Token);
        ExceptionDispatchInfo? raised = null;
        StudyStopReason reason;
        var window = Options.PendingWindow ?? Options.Workers - 1;

        bool TimeUp() => budget.Time is { } t && clock.Elapsed >= t;
        TimeSpan Remaining() => budget.Time is { } t ? (t - clock.Elapsed) is var r && r > TimeSpan.Zero ? r : TimeSpan.Zero : Timeout.InfiniteTimeSpan;

        void Reap()
        {
            foreach (var (n, task) in running.Where(kv => kv.Value.IsCompleted).ToArray())
            {
                running.Remove(n);
                if (task.IsFaulted && raised is null) raised = ExceptionDispatchInfo.Capture(task.Exception!.InnerException ?? task.Exception);
            }
        }

        async Task WaitAnyAsync(IEnumerable<Task> tasks)
        {
            var list = tasks.ToList();
            if (list.Count == 0) return;
            var remaining = Remaining();
            if (remaining != Timeout.InfiniteTimeSpan) list.Add(Task.Delay(remaining, cancellationToken));
            else list.Add(Task.Delay(Timeout.Infinite, cancellationToken));
            await Task.WhenAny(list).ConfigureAwait(false);
        }

        try
        {
            while (true)
            {
                Reap();
                if (raised is not null) { reason = StudyStopReason.Cancelled; break; }
                if (cancellationToken.IsCancellationRequested) { reason = StudyStopReason.Cancelled; break; }
                if (TimeUp()) { reason = StudyStopReason.TimeBudget; break; }
                if (running.Count >= Options.Workers)
                {
                    await WaitAnyAsync(running.Values).ConfigureAwait(false);
                    continue;
                }

                int number;
                ParameterSet parameters;
                var claimed = Storage.ClaimWaitingTrial(Name, Owner);
                if (claimed is not null)
                {
                    number = claimed.Number;
                    parameters = Space.Normalize(claimed.Parameters);
                }
                else
                {
                    var trials = Trials;
                    if (maxTrials is { } max && trials.Count >= max) { reason = StudyStopReason.TrialBudget; break; }
                    var next = trials.Count == 0 ? 0 : trials[^1].Number + 1;
                    // Samplers that ignore trial values need no cut-off (nothing to wait for): every earlier trial is history or pending.
                    // Asynchronous studies propose from what has finished now (no cut-off, nothing to wait for) as well.
                    var usesResults = Sampler.UsesTrialResults && !Options.Asynchronous;
                    var cutoff = usesResults ? next - window : int.MaxValue;
                    // Determinism: trial n is proposed from exactly the trials below n - window, so wait for ours among them.
                    var waitFor = usesResults ? running.Where(kv => kv.Key < cutoff).Select(kv => kv.Value).ToArray() : [];
                    if (waitFor.Length > 0)
                    {
                        var all = Task.WhenAll(waitFor);
                        while (!all.IsCompleted && !cancellationToken.IsCancellationRequested && !TimeUp())
                            await WaitAnyAsync([all]).ConfigureAwait(false);
                        continue; // re-check budgets and failures, then propose with the fresh history
                    }
                    var history = trials.Where(t => t.IsFinished && t.Number < cutoff).ToArray();
                    var pending = trials.Where(t => !(t.IsFinished && t.Number < cutoff) && t.Number < next).Select(t => t.Parameters).ToArray();
                    var proposal = Sampler.Propose(new SamplerContext(Space, Options.Direction, next, history, pending));
                    if (proposal is null)
                    {
                        // Nothing new to start (e.g. a grid whose last points are still running): let them finish, then ask again.
                        if (running.Count > 0)
                        {
                            await WaitAnyAsync(running.Values).ConfigureAwait(false);
                            continue;
                        }
                        reason = StudyStopReason.SamplerExhausted;
                        break;
                    }
                    parameters = Space.Normalize(proposal);
                    if (Space.Validate(parameters) is { } problem)
                        throw new InvalidOperationException($"Sampler {Sampler.GetType().Name} proposed an invalid point: {problem}.");
                    var created = Storage.CreateTrial(Name, parameters, TrialState.Running, Owner, maxTrials);
                    if (created is null) { reason = StudyStopReason.TrialBudget; break; }
                    number = created.Value;
                }
                var n0 = number;
                var p0 = parameters;
                running[number] = Task.Run(() => RunTrialAsync(n0, p0, objective, progress, trialCts.Token), CancellationToken.None);
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested || raised is not null) trialCts.Cancel();
            try { await Task.WhenAll(running.Values).ConfigureAwait(false); }
            catch (Exception) { /* recorded per trial; the first is rethrown below */ }
            Reap();
            heartbeatCts.Cancel();
            await heartbeat.ConfigureAwait(false);
        }
        raised?.Throw();
        var final = Trials;
        return new StudyResult(Best(final), final, reason);
    }

    private async Task HeartbeatLoop(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Options.HeartbeatInterval, ct).ConfigureAwait(false);
                Storage.Heartbeat(Name, Owner);
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task RunTrialAsync(int number, ParameterSet parameters, IObjective objective, IProgress<StudyEvent>? progress, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var trial = new Trial(this, number, parameters, started);
        progress?.Report(new StudyEvent(StudyEventKind.TrialStarted, Snapshot(trial, TrialState.Running, null, null), _best, _finished));
        TrialState state;
        double? value;
        string? error = null;
        Exception? toRaise = null;
        try
        {
            var v = await objective.EvaluateAsync(trial, ct).ConfigureAwait(false);
            if (double.IsNaN(v))
            {
                state = TrialState.Failed;
                value = Options.ErrorScore;
                error = "The objective returned NaN.";
            }
            else
            {
                state = TrialState.Complete;
                value = v;
            }
        }
        catch (TrialPrunedException)
        {
            state = TrialState.Pruned;
            value = trial.IntermediateValues is { Count: > 0 } iv ? iv[^1].Value : null;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            state = TrialState.Failed;
            value = Options.ErrorScore;
            error = CancelledError;
        }
        catch (Exception ex)
        {
            state = TrialState.Failed;
            value = Options.ErrorScore;
            error = $"{ex.GetType().Name}: {ex.Message}";
            if (Options.FailurePolicy == FailurePolicy.Raise) toRaise = ex;
        }
        Storage.FinishTrial(Name, number, state, value, error);
        bool newBest;
        double? best;
        int finished;
        lock (_gate)
        {
            newBest = state == TrialState.Complete && (_best is null || IsBetter(value!.Value, _best.Value));
            if (newBest) _best = value;
            best = _best;
            finished = ++_finished;
        }
        var frozen = Snapshot(trial, state, value, error) with { FinishedAt = DateTimeOffset.UtcNow };
        var kind = state switch { TrialState.Complete => StudyEventKind.TrialCompleted, TrialState.Pruned => StudyEventKind.TrialPruned, _ => StudyEventKind.TrialFailed };
        progress?.Report(new StudyEvent(kind, frozen, best, finished));
        if (newBest) progress?.Report(new StudyEvent(StudyEventKind.NewBest, frozen, best, finished));
        if (toRaise is not null) ExceptionDispatchInfo.Capture(toRaise).Throw();
    }

    private FrozenTrial Snapshot(Trial trial, TrialState state, double? value, string? error) => new()
    {
        Number = trial.Number, State = state, Parameters = trial.Parameters, Value = value, Error = error,
        IntermediateValues = trial.IntermediateValues, StartedAt = trial.StartedAt, Owner = Owner,
    };
}
