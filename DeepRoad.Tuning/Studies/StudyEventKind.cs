namespace DeepRoad.Tuning;

/// <summary>What happened in a <see cref="StudyEvent"/>.</summary>
public enum StudyEventKind
{
    /// <summary>A trial started.</summary>
    TrialStarted,

    /// <summary>A trial completed with a value.</summary>
    TrialCompleted,

    /// <summary>A trial was pruned.</summary>
    TrialPruned,

    /// <summary>A trial failed (exception, NaN, cancellation).</summary>
    TrialFailed,

    /// <summary>A completed trial is the new best.</summary>
    NewBest,
}
