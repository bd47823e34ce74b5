using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles;

/// <summary>Options of Caruana ensemble selection (<see cref="EnsembleSelection.Select"/>).</summary>
public sealed record EnsembleSelectionOptions
{
    /// <summary>The metric to optimise (its direction comes from <see cref="MetricKindExtensions.HigherIsBetter"/>).</summary>
    public MetricKind Metric { get; init; } = MetricKind.LogLoss;

    /// <summary>Greedy steps (ensemble size before choosing the best prefix).</summary>
    public int Iterations { get; init; } = 25;

    /// <summary>Start from the best N members by their own score (sorted-ensemble initialisation); 0 = empty start.</summary>
    public int InitialBestN { get; init; } = 1;

    /// <summary>
    /// A second metric that breaks exact ties of <see cref="Metric"/>, or null (ties go to the lower library index and the
    /// shorter prefix). Meant for coarse metrics: with accuracy on a few hundred rows many blends tie, and without a
    /// tie-break the greedy search stops at one member, the one whose out-of-fold accuracy happened to be highest.
    /// With <see cref="MetricKind.LogLoss"/> here it keeps adding members while the accuracy holds and the
    /// probabilities improve. The primary metric still decides every choice it can.
    /// </summary>
    public MetricKind? TieBreakMetric { get; init; }

    internal void Validate(int librarySize)
    {
        if (librarySize < 1) throw new ArgumentException("Ensemble selection needs a library of at least one member (got zero).");
        if (Iterations < 1) throw new ArgumentException($"Iterations must be at least 1 (got {Iterations}).", nameof(Iterations));
        if (InitialBestN < 0) throw new ArgumentException($"InitialBestN cannot be negative (got {InitialBestN}).", nameof(InitialBestN));
    }
}
