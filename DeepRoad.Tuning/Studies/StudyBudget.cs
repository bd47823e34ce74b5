namespace DeepRoad.Tuning;

/// <summary>
/// When a call to <see cref="Study.OptimizeAsync"/> stops starting trials. <see cref="Trials"/> counts every trial the
/// study holds (all runs and processes together), so a resumed study finishes the original budget.
/// </summary>
/// <param name="Trials">Total number of trials in the study, or null for no limit.</param>
/// <param name="Time">Wall-clock limit of this call, or null for none. Running trials are allowed to finish.</param>
public sealed record StudyBudget(int? Trials = null, TimeSpan? Time = null)
{
    /// <summary>A budget of <paramref name="n"/> trials.</summary>
    public static StudyBudget OfTrials(int n) => new(n);

    /// <summary>Checks that at least one limit is set and both are positive.</summary>
    public void Validate()
    {
        if (Trials is null && Time is null) throw new ArgumentException("StudyBudget: set Trials, Time or both.");
        if (Trials is < 0) throw new ArgumentException($"StudyBudget.Trials must be >= 0, got {Trials}.");
        if (Time is { } t && t <= TimeSpan.Zero) throw new ArgumentException("StudyBudget.Time must be positive.");
    }
}
