namespace DeepRoad.AutoML;

/// <summary>Progress of a run, reported through <see cref="IProgress{T}"/> (from worker threads).</summary>
/// <param name="Phase">What the run is doing: "search", "ensemble", "refit", "done".</param>
/// <param name="Trial">The trial this event is about (finished, pruned, failed), when any.</param>
/// <param name="TrialsFinished">Trials finished so far (any state).</param>
/// <param name="BestScore">Best cross-validated metric so far, when any trial completed.</param>
/// <param name="BestTrainer">Trainer of the best trial so far.</param>
/// <param name="Elapsed">Time since the run started.</param>
/// <param name="Budget">The time budget, when there is one.</param>
/// <param name="MaxTrials">The trial budget, when there is one.</param>
public sealed record AutoMLProgress(
    string Phase,
    TrialRecord? Trial,
    int TrialsFinished,
    double? BestScore,
    AutoMLTrainer? BestTrainer,
    TimeSpan Elapsed,
    TimeSpan? Budget,
    int? MaxTrials)
{
    /// <summary>Of <see cref="TrialsFinished"/>, the trials a resumed study (<see cref="AutoMLOptions.StudyPath"/>) had finished before this run.</summary>
    public int TrialsResumed { get; init; }

    /// <summary>Fraction of the budget used (time or trials, whichever is further), 0..1.</summary>
    public double Fraction
    {
        get
        {
            double f = 0;
            if (Budget is { } b && b > TimeSpan.Zero) f = Math.Max(f, Elapsed / b);
            if (MaxTrials is { } m && m > 0) f = Math.Max(f, (double)TrialsFinished / m);
            return Math.Clamp(Phase == "done" ? 1 : f, 0, 1);
        }
    }
}
