using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Pruning;
using DeepRoad.Tuning.Storage;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>Options shared by <see cref="GridSearch"/>, <see cref="RandomSearch"/> and <see cref="BayesSearch"/>.</summary>
public sealed record SearchCVOptions
{
    /// <summary>Total trials (candidates) in the study. Default 30.</summary>
    public int Trials { get; init; } = 30;

    /// <summary>Wall-clock budget, or null.</summary>
    public TimeSpan? Time { get; init; }

    /// <summary>Cross-validation folds. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Stratify classification folds. Default true.</summary>
    public bool Stratified { get; init; } = true;

    /// <summary>Seed of the folds and the sampler.</summary>
    public int Seed { get; init; }

    /// <summary>Metrics per fold; the first is optimised. Null: the standard set for the task.</summary>
    public IReadOnlyList<MetricKind>? Metrics { get; init; }

    /// <summary>Candidates evaluated in parallel.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Refit the best candidate on all the data (<see cref="SearchCV.BestModel"/>). Default true.</summary>
    public bool Refit { get; init; } = true;

    /// <summary>Where trials are kept (in memory when null); with SQLite a search resumes by <see cref="StudyName"/>.</summary>
    public IStudyStorage? Storage { get; init; }

    /// <summary>Study name in the storage.</summary>
    public string StudyName { get; init; } = "search";

    /// <summary>What happens when a candidate throws (recorded and skipped by default).</summary>
    public FailurePolicy FailurePolicy { get; init; } = FailurePolicy.Record;

    /// <summary>Optional pruner over per-fold running means.</summary>
    public IPruner? Pruner { get; init; }
}
