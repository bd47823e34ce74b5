namespace DeepRoad.Tuning;

/// <summary>Life cycle of a trial.</summary>
public enum TrialState
{
    /// <summary>Queued (enqueued by the user or re-queued after a crash), not yet started.</summary>
    Waiting,

    /// <summary>Being evaluated.</summary>
    Running,

    /// <summary>Finished with a value.</summary>
    Complete,

    /// <summary>Stopped early by a pruner; <see cref="FrozenTrial.Value"/> holds its last intermediate value, if any.</summary>
    Pruned,

    /// <summary>The objective threw, returned NaN, was cancelled, or its process died.</summary>
    Failed,
}
