namespace DeepRoad.Ensembles.Graph;

internal enum CombineMode
{
    /// <summary>Weighted mean of probabilities (soft vote) or values (regression).</summary>
    Average,
    HardVote,
    WeightedMedian,
    Samme,
    SammeR,
}
