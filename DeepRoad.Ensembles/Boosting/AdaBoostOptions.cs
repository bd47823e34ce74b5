namespace DeepRoad.Ensembles;

/// <summary>Options of <see cref="AdaBoostEstimator"/> (after scikit-learn's AdaBoostClassifier/Regressor).</summary>
public sealed record AdaBoostOptions : EnsembleOptionsBase
{
    /// <summary>The weak learner.</summary>
    public EnsembleMember? Member { get; init; }

    /// <summary>Maximum boosting rounds (boosting stops early at error 0, or error at or above chance).</summary>
    public int Rounds { get; init; } = 50;

    /// <summary>Shrinks each round's contribution (and, for SAMME.R/R2, its reweighting).</summary>
    public double LearningRate { get; init; } = 1.0;

    /// <summary>Classification variant.</summary>
    public AdaBoostAlgorithm Algorithm { get; init; } = AdaBoostAlgorithm.SammeR;

    /// <summary>Regression loss (AdaBoost.R2).</summary>
    public AdaBoostLoss Loss { get; init; } = AdaBoostLoss.Linear;

    /// <summary>How row weights reach the member.</summary>
    public AdaBoostWeighting Weighting { get; init; } = AdaBoostWeighting.Auto;

    /// <summary>Name of the example weight column added for members that take weights.</summary>
    public string WeightColumnName { get; init; } = "Weight";

    internal override void Validate()
    {
        base.Validate();
        if (Member is null) throw new ArgumentException("Member: AdaBoost needs a base member (got none).", nameof(Member));
        ValidateMembers([Member], nameof(Member));
        if (Rounds < 1) throw new ArgumentException($"Rounds must be at least 1 (got {Rounds}).", nameof(Rounds));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"LearningRate must be positive (got {LearningRate}).", nameof(LearningRate));
        if (string.IsNullOrWhiteSpace(WeightColumnName)) throw new ArgumentException("WeightColumnName must be set.", nameof(WeightColumnName));
    }
}
