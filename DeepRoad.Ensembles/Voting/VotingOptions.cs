namespace DeepRoad.Ensembles;

/// <summary>Options of <see cref="VotingEstimator"/>.</summary>
public sealed record VotingOptions : EnsembleOptionsBase
{
    /// <summary>The members, each fitted on all rows.</summary>
    public IReadOnlyList<EnsembleMember> Members { get; init; } = [];

    /// <summary>Soft (average probabilities) or hard (majority of labels) for classification; regression always averages.</summary>
    public VotingMode Mode { get; init; } = VotingMode.Soft;

    /// <summary>Weights per member (null = equal); must be non-negative with a positive sum.</summary>
    public IReadOnlyList<double>? Weights { get; init; }

    internal override void Validate()
    {
        base.Validate();
        ValidateMembers(Members, nameof(Members));
        if (Weights is not null)
        {
            if (Weights.Count != Members.Count)
                throw new ArgumentException($"Weights has {Weights.Count} values for {Members.Count} members.", nameof(Weights));
            if (Weights.Any(w => !(w >= 0) || double.IsInfinity(w)) || Weights.Sum() <= 0)
                throw new ArgumentException("Weights must be finite, non-negative and not all zero.", nameof(Weights));
        }
    }
}
