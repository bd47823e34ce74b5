namespace DeepRoad.Deep.Training;

/// <summary>
/// Run-time hooks of a training run (not part of the saved options): progress, cancellation and pruning.
/// </summary>
public sealed record DeepTrainingHooks
{
    /// <summary>No hooks.</summary>
    public static DeepTrainingHooks None { get; } = new();

    /// <summary>Receives one report per finished epoch (called on the training thread).</summary>
    public IProgress<EpochReport>? Progress { get; init; }

    /// <summary>Checked before every batch.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>
    /// Pruning hook: called after every epoch with the 1-based epoch and the monitored value (validation loss when
    /// there is validation data, else the training loss; lower is better). Returning true stops training, keeping the
    /// weights so far (or the best ones, with <see cref="DeepTrainingOptions.RestoreBestWeights"/>). Hyperband or
    /// median pruners of DeepRoad.Tuning plug in here (report the value to the trial, return its ShouldPrune).
    /// </summary>
    public Func<int, double, bool>? ShouldStop { get; init; }
}
