namespace DeepRoad.AutoML;

/// <summary>One trial of the search: a pipeline (featurizer choices) plus a trainer and its hyperparameters.</summary>
public sealed record TrialRecord
{
    /// <summary>Trial number, from 0 in proposal order.</summary>
    public required int Number { get; init; }

    /// <summary>Trainer family.</summary>
    public required AutoMLTrainer Trainer { get; init; }

    /// <summary>Pipeline summary (featurizer steps and choices).</summary>
    public required string Pipeline { get; init; }

    /// <summary>Every parameter value (trainer and featurizer), by name.</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>What happened.</summary>
    public required TrialState State { get; init; }

    /// <summary>Cross-validated (or holdout) metric; null unless <see cref="TrialState.Complete"/>.</summary>
    public double? Score { get; init; }

    /// <summary>
    /// Out-of-fold log-loss of a complete classification trial whose optimised metric is another one (null otherwise):
    /// exact ties of a coarse metric such as accuracy are ranked by it, on the leaderboard as in the final model.
    /// </summary>
    public double? LogLoss { get; init; }

    /// <summary>Metric on the row subsample used by successive halving, when that stage ran.</summary>
    public double? SubsampleScore { get; init; }

    /// <summary>Deep trials: the monitored loss after each epoch of the first fold (what epoch-based successive halving compared).</summary>
    public IReadOnlyList<double> EpochLosses { get; init; } = [];

    /// <summary>Wall-clock time the trial took (all folds).</summary>
    public TimeSpan FitTime { get; init; }

    /// <summary>When the trial started, from the start of the run.</summary>
    public TimeSpan StartedAt { get; init; }

    /// <summary>Error text for failed or cancelled trials.</summary>
    public string? Error { get; init; }

    /// <summary>True when this trial's result came from a resumed study instead of being trained again.</summary>
    public bool Resumed { get; init; }
}
