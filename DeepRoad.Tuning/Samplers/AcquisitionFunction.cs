namespace DeepRoad.Tuning.Samplers;

/// <summary>Acquisition function of the Gaussian-process sampler.</summary>
public enum AcquisitionFunction
{
    /// <summary>Logarithm of expected improvement, computed stably far into the tails (Ament et al. 2023, "LogEI").</summary>
    LogExpectedImprovement,

    /// <summary>Logarithm of the probability of improvement.</summary>
    ProbabilityOfImprovement,

    /// <summary>Upper confidence bound (lower bound for minimisation): mean minus <c>Kappa</c> standard deviations.</summary>
    UpperConfidenceBound,
}
