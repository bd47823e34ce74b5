using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning;

/// <summary>An immutable snapshot of a trial as stored.</summary>
public sealed record FrozenTrial
{
    /// <summary>0-based number, unique within the study, in creation order.</summary>
    public required int Number { get; init; }

    /// <summary>Current state.</summary>
    public required TrialState State { get; init; }

    /// <summary>The parameter values evaluated.</summary>
    public required ParameterSet Parameters { get; init; }

    /// <summary>Objective value (complete trials; pruned trials keep their last intermediate value; failed trials the error score if one is set).</summary>
    public double? Value { get; init; }

    /// <summary>Intermediate values by step (epoch, fold ...), ascending.</summary>
    public IReadOnlyList<KeyValuePair<int, double>> IntermediateValues { get; init; } = [];

    /// <summary>Error text of a failed trial.</summary>
    public string? Error { get; init; }

    /// <summary>When evaluation started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the trial finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Free-form attributes set by the objective (for example per-fold metrics or fit time).</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Which worker (host:pid:id) runs or ran the trial.</summary>
    public string? Owner { get; init; }

    /// <summary>Last heartbeat of the owner while running.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>Wall-clock duration when finished.</summary>
    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;

    /// <summary>True when the trial has ended (complete, pruned or failed).</summary>
    public bool IsFinished => State is TrialState.Complete or TrialState.Pruned or TrialState.Failed;

    /// <summary>Best intermediate value so far for the given direction, or null.</summary>
    public double? BestIntermediate(StudyDirection direction) =>
        IntermediateValues.Count == 0 ? null
        : direction == StudyDirection.Minimize ? IntermediateValues.Min(kv => kv.Value) : IntermediateValues.Max(kv => kv.Value);

    /// <summary>Intermediate value at <paramref name="step"/>, or null.</summary>
    public double? IntermediateAt(int step)
    {
        foreach (var kv in IntermediateValues) if (kv.Key == step) return kv.Value;
        return null;
    }
}
