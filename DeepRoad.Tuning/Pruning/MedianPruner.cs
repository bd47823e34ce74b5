namespace DeepRoad.Tuning.Pruning;

/// <summary>
/// Prunes a trial when its best intermediate value so far is worse than the median of the other finished trials'
/// values at the same step (Optuna's MedianPruner).
/// </summary>
/// <param name="StartupTrials">No pruning until this many trials have finished (complete or pruned).</param>
/// <param name="WarmupSteps">No pruning at steps below this.</param>
/// <param name="Interval">Only check at steps that are multiples of this (after warm-up).</param>
public sealed record MedianPruner(int StartupTrials = 5, int WarmupSteps = 0, int Interval = 1) : IPruner
{
    /// <inheritdoc />
    public bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction)
    {
        if (trial.IntermediateValues.Count == 0) return false;
        var step = trial.IntermediateValues[^1].Key;
        if (step < WarmupSteps || (Interval > 1 && (step - WarmupSteps) % Interval != 0)) return false;
        var finished = others.Where(t => t.Number != trial.Number && t.State is TrialState.Complete or TrialState.Pruned).ToList();
        if (finished.Count < StartupTrials) return false;
        // Each other trial's value at this step (or its best before it, if it reported at different steps).
        var values = finished
            .Select(t => t.IntermediateValues.Where(kv => kv.Key <= step).Select(kv => kv.Value).ToList())
            .Where(l => l.Count > 0)
            .Select(l => direction == StudyDirection.Minimize ? l.Min() : l.Max())
            .Where(double.IsFinite)
            .OrderBy(v => v).ToArray();
        if (values.Length == 0) return false;
        var median = values.Length % 2 == 1 ? values[values.Length / 2] : 0.5 * (values[values.Length / 2 - 1] + values[values.Length / 2]);
        var best = trial.BestIntermediate(direction)!.Value;
        if (double.IsNaN(best)) return true;
        return direction == StudyDirection.Minimize ? best > median : best < median;
    }
}
