namespace DeepRoad.Tuning;

/// <summary>Thrown by an objective (usually via <see cref="Trial.ReportAndPrune"/>) to stop an unpromising trial; the study marks it pruned.</summary>
public sealed class TrialPrunedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TrialPrunedException() : base("Trial pruned.") { }

    /// <summary>Creates the exception with a message.</summary>
    public TrialPrunedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public TrialPrunedException(string message, Exception inner) : base(message, inner) { }
}
