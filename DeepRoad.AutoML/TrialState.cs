namespace DeepRoad.AutoML;

/// <summary>What happened to a trial.</summary>
public enum TrialState
{
    /// <summary>Cross-validated to the end; its out-of-fold predictions are kept.</summary>
    Complete,
    /// <summary>Stopped early by successive halving (its subsample score was poor).</summary>
    Pruned,
    /// <summary>Threw; the error is recorded and the search went on.</summary>
    Failed,
    /// <summary>Cancelled by the deadline, the memory limit or the caller.</summary>
    Cancelled,
}
