namespace DeepRoad.Tuning;

/// <summary>Outcome of one <see cref="Study.OptimizeAsync"/> call: the best trial so far and every trial of the study.</summary>
/// <param name="BestTrial">Best complete trial of the study, or null when none completed.</param>
/// <param name="Trials">All trials of the study ordered by number.</param>
/// <param name="StopReason">Why the call returned.</param>
public sealed record StudyResult(FrozenTrial? BestTrial, IReadOnlyList<FrozenTrial> Trials, StudyStopReason StopReason)
{
    /// <summary>Value of the best trial, or null.</summary>
    public double? BestValue => BestTrial?.Value;
}
