using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles;

/// <summary>Options of <see cref="BaggingEstimator"/> (after scikit-learn's BaggingClassifier/Regressor).</summary>
public sealed record BaggingOptions : EnsembleOptionsBase
{
    /// <summary>The base member; each copy is fitted on its own sample with its own seed.</summary>
    public EnsembleMember? Member { get; init; }

    /// <summary>Number of copies.</summary>
    public int NumberOfMembers { get; init; } = 10;

    /// <summary>Draw rows with replacement (bootstrap) or without (pasting).</summary>
    public bool Bootstrap { get; init; } = true;

    /// <summary>Rows per member as a fraction of the training rows (0, 1].</summary>
    public double MaxSamples { get; init; } = 1.0;

    /// <summary>Feature slots per member as a fraction of the <c>Features</c> vector (random subspaces), (0, 1].</summary>
    public double MaxFeatures { get; init; } = 1.0;

    /// <summary>Draw feature slots with replacement.</summary>
    public bool BootstrapFeatures { get; init; }

    /// <summary>Classification: average probabilities (soft) or count predicted labels (hard).</summary>
    public VotingMode Voting { get; init; } = VotingMode.Soft;

    /// <summary>Compute the out-of-bag score.</summary>
    public bool OutOfBagScore { get; init; }

    /// <summary>Metric of the out-of-bag score; null = accuracy (classification) or R2 (regression), as scikit-learn.</summary>
    public MetricKind? OutOfBagMetric { get; init; }

    internal override void Validate()
    {
        base.Validate();
        if (Member is null) throw new ArgumentException("Member: bagging needs a base member (got none).", nameof(Member));
        ValidateMembers([Member], nameof(Member));
        if (NumberOfMembers < 1) throw new ArgumentException($"NumberOfMembers must be at least 1 (got {NumberOfMembers}).", nameof(NumberOfMembers));
        if (!(MaxSamples > 0 && MaxSamples <= 1)) throw new ArgumentException($"MaxSamples must be in (0, 1] (got {MaxSamples}).", nameof(MaxSamples));
        if (!(MaxFeatures > 0 && MaxFeatures <= 1)) throw new ArgumentException($"MaxFeatures must be in (0, 1] (got {MaxFeatures}).", nameof(MaxFeatures));
    }
}
