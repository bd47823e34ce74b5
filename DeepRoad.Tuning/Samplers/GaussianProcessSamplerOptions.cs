namespace DeepRoad.Tuning.Samplers;

/// <summary>Options of <see cref="GaussianProcessSampler"/>. Defaults suit budgets of 20 to 200 trials.</summary>
public sealed record GaussianProcessSamplerOptions
{
    /// <summary>Trials drawn from a scrambled Sobol design before the model is used; null means 2 × dims, clamped to [5, 20].</summary>
    public int? InitialTrials { get; init; }

    /// <summary>The acquisition function.</summary>
    public AcquisitionFunction Acquisition { get; init; } = AcquisitionFunction.LogExpectedImprovement;

    /// <summary>Exploration weight of <see cref="AcquisitionFunction.UpperConfidenceBound"/>.</summary>
    public double Kappa { get; init; } = 2.0;

    /// <summary>How pending trials enter the model.</summary>
    public BatchStrategy BatchStrategy { get; init; } = BatchStrategy.ConstantLiarWorst;

    /// <summary>Quasi-random candidates scored per proposal before local refinement.</summary>
    public int Candidates { get; init; } = 512;

    /// <summary>Candidates drawn around the best observations (Gaussian steps in the unit cube).</summary>
    public int LocalCandidates { get; init; } = 256;

    /// <summary>Best candidates refined by gradient ascent (continuous parameters) and neighbourhood moves (integers, categories).</summary>
    public int RefineStarts { get; init; } = 5;

    /// <summary>Starting points of the marginal-likelihood optimisation (the first is a fixed default).</summary>
    public int HyperparameterStarts { get; init; } = 2;

    /// <summary>Iteration cap of each marginal-likelihood optimisation.</summary>
    public int HyperparameterIterations { get; init; } = 40;

    /// <summary>
    /// Start the marginal-likelihood fit from the previous proposal's hyperparameters (one start instead of
    /// <see cref="HyperparameterStarts"/>) when the previous model saw a prefix of the current observations. Proposals
    /// stay deterministic within a study; a resumed study refits from scratch, so its next proposals may differ from an
    /// uninterrupted run's.
    /// </summary>
    public bool WarmStartHyperparameters { get; init; } = true;

    /// <summary>Completed trials below which every fit is a full multi-start fit (warm starts only above).</summary>
    public int WarmStartAfter { get; init; } = 30;

    /// <summary>Every this many proposals the fit is a full multi-start fit even when a warm start is available.</summary>
    public int FullRefitInterval { get; init; } = 10;

    /// <summary>Failed trials enter the model at the worst observed value, so it steers away from regions that fail.</summary>
    public bool ImputeFailedAsWorst { get; init; } = true;

    /// <summary>
    /// Pruned trials enter the model at the worst observed value too. Left out, a pruned point leaves no trace in the
    /// model, and the acquisition proposes (nearly) the same point again, to be pruned again: an AutoML search on a
    /// text set proposed one SDCA point 11 times in 22 trials that way.
    /// </summary>
    public bool ImputePrunedAsWorst { get; init; } = true;

    /// <summary>
    /// At most this many pruned trials enter the model, the latest ones: those near where the acquisition now looks.
    /// A study that prunes most of its trials would otherwise grow the model (cubic in its size) by hundreds of points;
    /// with all of them an AutoML search on a 353-row set ran 391 trials in 300 s instead of 1425.
    /// </summary>
    public int MaxImputedPruned { get; init; } = 16;

    /// <summary>Power-transform the standardised values before fitting (Box-Cox for heavy right tails, else Yeo-Johnson; λ by maximum likelihood).</summary>
    public bool PowerTransform { get; init; } = true;

    /// <summary>Checks the options.</summary>
    public void Validate()
    {
        if (InitialTrials is < 1) throw new ArgumentException("GaussianProcessSamplerOptions.InitialTrials must be >= 1.");
        if (Candidates < 1 || LocalCandidates < 0 || RefineStarts < 0 || HyperparameterStarts < 1 || HyperparameterIterations < 1)
            throw new ArgumentException("GaussianProcessSamplerOptions: Candidates, HyperparameterStarts and HyperparameterIterations must be >= 1; LocalCandidates and RefineStarts >= 0.");
        if (WarmStartAfter < 0 || FullRefitInterval < 1)
            throw new ArgumentException("GaussianProcessSamplerOptions: WarmStartAfter must be >= 0 and FullRefitInterval >= 1.");
        if (Kappa < 0) throw new ArgumentException("GaussianProcessSamplerOptions.Kappa must be >= 0.");
        if (MaxImputedPruned < 0) throw new ArgumentException("GaussianProcessSamplerOptions.MaxImputedPruned must be >= 0.");
    }
}
