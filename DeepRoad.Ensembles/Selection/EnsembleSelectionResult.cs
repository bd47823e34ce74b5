using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles;

/// <summary>Result of Caruana ensemble selection.</summary>
/// <param name="Counts">How many times each library member was selected (integer weights), in library order.</param>
/// <param name="Score">Metric of the selected blend on the given predictions.</param>
/// <param name="Trajectory">Score after each greedy step (initialisation included as the first steps).</param>
/// <param name="Blend">The selected blend: count-weighted average of the members' predictions.</param>
public sealed record EnsembleSelectionResult(IReadOnlyList<int> Counts, double Score, IReadOnlyList<double> Trajectory, PredictionMatrix Blend)
{
    /// <summary>Normalised weights (counts / total).</summary>
    public IReadOnlyList<double> Weights
    {
        get
        {
            double total = Counts.Sum();
            return Counts.Select(c => c / total).ToArray();
        }
    }
}
