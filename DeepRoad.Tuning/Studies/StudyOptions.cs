namespace DeepRoad.Tuning;

/// <summary>Options of a <see cref="Study"/>.</summary>
public sealed record StudyOptions
{
    /// <summary>Minimise (default) or maximise.</summary>
    public StudyDirection Direction { get; init; } = StudyDirection.Minimize;

    /// <summary>Trials evaluated concurrently in this process (default 1).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// How many of the immediately preceding trials a proposal treats as pending (constant liar) even when they have finished.
    /// Trial n is proposed from the finished trials numbered below n - window and waits for them. Null means
    /// <c>Workers - 1</c>. Set it explicitly to get the same study on 1 or N workers (when the objective is deterministic).
    /// </summary>
    public int? PendingWindow { get; init; }

    /// <summary>
    /// Propose from whatever has finished at that moment, with every running trial as pending, and never wait for an
    /// earlier trial (asynchronous parallel optimisation, as Optuna's workers do). Keeps every worker busy when trial
    /// costs are very uneven (one slow trial among many quick ones), but the proposals then depend on timing, so the
    /// study is no longer the same on 1 and N workers. <see cref="PendingWindow"/> is ignored. Default false.
    /// </summary>
    public bool Asynchronous { get; init; }

    /// <summary>What to do when the objective throws.</summary>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.Record;

    /// <summary>When set, failed trials record this value (scikit-learn's <c>error_score</c>); samplers still treat them as failed.</summary>
    public double? ErrorScore { get; init; }

    /// <summary>What to do on resume with trials left running by a dead process.</summary>
    public StaleTrialPolicy StaleTrials { get; init; } = StaleTrialPolicy.Fail;

    /// <summary>
    /// On each <see cref="Study.OptimizeAsync"/> call, queue again (same parameters, a new trial number, run first) every
    /// trial that an earlier call's cancellation stopped (failed with <see cref="Study.CancelledError"/>) and that no later
    /// trial has retried, so a resumed study finishes the work its deadline or its caller cut off. A retried trial stays in
    /// the history as failed but no longer counts toward <see cref="StudyBudget.Trials"/>: a budget of 20 still ends with
    /// 20 trials that ran to an end. Default false (Optuna's behaviour: a failed trial stays failed). With several processes
    /// sharing one storage, start them one after another or two may queue the same retry.
    /// </summary>
    public bool RetryCancelled { get; init; }

    /// <summary>A running trial whose owner has sent no heartbeat for this long is stale (owners on this host that no longer exist are stale at once).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often running trials send a heartbeat to the storage.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        if (Workers < 1) throw new ArgumentException($"StudyOptions.Workers must be >= 1, got {Workers}.");
        if (PendingWindow is < 0) throw new ArgumentException($"StudyOptions.PendingWindow must be >= 0, got {PendingWindow}.");
        if (HeartbeatInterval <= TimeSpan.Zero || StaleAfter <= TimeSpan.Zero) throw new ArgumentException("StudyOptions: HeartbeatInterval and StaleAfter must be positive.");
    }
}
