using DeepRoad.Pipelines.Imbalance;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;

namespace DeepRoad.Pipelines.Evaluation;

/// <summary>Options of <see cref="CrossValidator.Run(Microsoft.ML.MLContext, Microsoft.ML.IDataView, Microsoft.ML.IEstimator{Microsoft.ML.ITransformer}, MLTask, CrossValidationOptions?, IProgress{CrossValidationProgress}?, CancellationToken)"/>.</summary>
public sealed record CrossValidationOptions
{
    /// <summary>Number of folds when <see cref="FoldAssignments"/> is not given. Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Stratify classification folds by label (ignored for regression). Default true.</summary>
    public bool Stratified { get; init; } = true;

    /// <summary>Accept classes with fewer rows than <see cref="Folds"/> when stratifying (see <see cref="StratifiedKFold.AllowSmallClasses"/>). Default false.</summary>
    public bool AllowSmallClasses { get; init; }

    /// <summary>Shuffle rows before building folds. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Master seed: folds and each fold's resampling seed derive from it.</summary>
    public int Seed { get; init; }

    /// <summary>Explicit folds (from any splitter, e.g. <see cref="GroupKFold"/> or <see cref="TimeSeriesSplit"/>); overrides Folds/Stratified/Shuffle.</summary>
    public IReadOnlyList<Fold>? FoldAssignments { get; init; }

    /// <summary>Metrics to compute; the first is the primary one. Default: <see cref="MetricKindExtensions.StandardSetFor"/>.</summary>
    public IReadOnlyList<MetricKind>? Metrics { get; init; }

    /// <summary>Folds fitted at once (default 1). Results do not depend on it when trainers take explicit seeds.</summary>
    public int MaxParallelism { get; init; } = 1;

    /// <summary>Keep each fold's fitted model in <see cref="FoldResult.Model"/>. Default false.</summary>
    public bool KeepModels { get; init; }

    /// <summary>Rebalancing applied to each training fold only (never to held-out rows). Default none.</summary>
    public IResampler? Resampler { get; init; }

    /// <summary>
    /// Called after each fold (in completion order, one call at a time). Return false to stop: unfinished folds are
    /// cancelled and the result is marked <see cref="CrossValidationResult.StoppedEarly"/>. An exception thrown here
    /// (for example a tuning library's "trial pruned") propagates to the caller unchanged.
    /// </summary>
    public Func<FoldReport, bool>? OnFoldCompleted { get; init; }

    /// <summary>
    /// Cache each training fold in memory before fitting. Default false: folds stream from the source, and ML.NET's
    /// multi-pass trainers (L-BFGS, SDCA) cache their featurized input themselves; turn it on when the source view is
    /// expensive to read (a file loader, image decoding).
    /// </summary>
    public bool CacheTrainingData { get; init; }

    /// <summary>The label column (prepared per the label contract). Default "Label".</summary>
    public string LabelColumn { get; init; } = "Label";
}
