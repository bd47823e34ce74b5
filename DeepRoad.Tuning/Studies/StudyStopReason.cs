namespace DeepRoad.Tuning;

/// <summary>Why <see cref="Study.OptimizeAsync"/> returned.</summary>
public enum StudyStopReason
{
    /// <summary>The trial budget was reached.</summary>
    TrialBudget,

    /// <summary>The wall-clock budget ran out.</summary>
    TimeBudget,

    /// <summary>The sampler has nothing left to propose (for example a finished grid).</summary>
    SamplerExhausted,

    /// <summary>The cancellation token fired; running trials were cancelled and recorded as failed.</summary>
    Cancelled,
}
