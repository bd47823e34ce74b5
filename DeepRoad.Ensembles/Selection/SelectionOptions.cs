using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles;

/// <summary>Options of <see cref="SelectionEstimator"/>.</summary>
public sealed record SelectionOptions : EnsembleOptionsBase
{
    /// <summary>The library of members to select from.</summary>
    public IReadOnlyList<EnsembleMember> Members { get; init; } = [];

    /// <summary>Folds for the out-of-fold predictions selection runs on (stratified for classification).</summary>
    public int Folds { get; init; } = 5;

    /// <summary>The metric to optimise; null = LogLoss for classification, RMSE for regression.</summary>
    public MetricKind? Metric { get; init; }

    /// <summary>Greedy steps.</summary>
    public int Iterations { get; init; } = 25;

    /// <summary>Initialise with the best N members.</summary>
    public int InitialBestN { get; init; } = 1;

    internal override void Validate()
    {
        base.Validate();
        ValidateMembers(Members, nameof(Members));
        if (Folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {Folds}).", nameof(Folds));
        new EnsembleSelectionOptions { Iterations = Iterations, InitialBestN = InitialBestN }.Validate(Members.Count);
    }
}
