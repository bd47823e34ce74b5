using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML;

/// <summary>
/// Options of an AutoML run. The search stops at whichever comes first: <see cref="TimeBudget"/>,
/// <see cref="MaxTrials"/> or cancellation; the best model so far is always returned.
/// </summary>
public sealed record AutoMLOptions
{
    /// <summary>The label column's name in the training data (required).</summary>
    public required string LabelColumn { get; init; }

    /// <summary>Task; <see cref="AutoMLTask.Auto"/> infers it from the label.</summary>
    public AutoMLTask Task { get; init; } = AutoMLTask.Auto;

    /// <summary>Metric to optimise (DeepRoad.Pipelines.Metrics); null picks one for the task (ROC-AUC, accuracy or RMSE).</summary>
    public MetricKind? Metric { get; init; }

    /// <summary>Hard wall-clock budget for the whole run (search, ensemble, final fit). Null: no time limit (then set <see cref="MaxTrials"/>).</summary>
    public TimeSpan? TimeBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Maximum number of trials. With a trial budget and a fixed seed, runs are deterministic.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Process memory (bytes) above which running trials are cancelled and recorded as failed. Null: no limit.</summary>
    public long? MemoryLimitBytes { get; init; }

    /// <summary>Trials evaluated in parallel.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Master seed; every random choice derives from it.</summary>
    public int Seed { get; init; }

    /// <summary>Cross-validation folds (stratified for classification). Ignored when <see cref="HoldoutFraction"/> is set.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>
    /// Times the k-fold cross-validation is repeated on fresh shuffles; out-of-fold predictions are averaged over the
    /// repeats. On small data the fold split is a large part of a trial's score noise, and a search of hundreds of
    /// trials then picks the luckiest split rather than the best model; repeats trade trials for a steadier estimate
    /// (AutoGluon repeats its bagging for the same reason). Null: automatic, <see cref="AutoRepeats"/> (3 up to 333 rows,
    /// 2 up to 500, 1 above). Ignored with <see cref="HoldoutFraction"/>.
    /// </summary>
    public int? Repeats { get; init; }

    /// <summary>The automatic repeat count for <paramref name="rows"/> training rows: 1000 / rows, between 1 and 3, so a trial costs about what a 5-fold CV of 1000 rows does.</summary>
    public static int AutoRepeats(int rows) => Math.Clamp(1000 / Math.Max(1, rows), 1, 3);

    /// <summary>
    /// Refit the final model's members on all training rows. Null (automatic): only with <see cref="HoldoutFraction"/>,
    /// where a trial's one model saw part of the rows. With k-fold cross-validation a member is served as the average
    /// of its fold models, a bag of k (times <see cref="Repeats"/>) models each fitted on (k-1)/k of the rows, as
    /// AutoGluon serves its bagged models: on the shared benchmark sets this scored as well as or better than a refit
    /// (`automl finals` in DeepRoad.Benchmarks), and the time a refit would take stays with the search. True gives a
    /// lighter model (one fit per member: a smaller model.zip, faster predictions, a single ONNX file per member).
    /// </summary>
    public bool? Refit { get; init; }

    /// <summary>When set (0..1), validate on one stratified holdout of this fraction instead of k-fold CV.</summary>
    public double? HoldoutFraction { get; init; }

    /// <summary>
    /// When <see cref="HoldoutFraction"/> is not set and the training set has at least this many rows, validate on one
    /// stratified holdout of <see cref="AutoHoldoutFraction"/> of them instead of k-fold cross-validation (ML.NET's
    /// AutoML does the same above 15 000 rows; AutoGluon holds out by default). On a large table a 5-fold trial costs
    /// five fits for an estimate that one fit on a few tens of thousands of held-out rows already makes precise: with
    /// 150 000 rows, 30 columns and 7 classes, no 5-fold trial finished in 60 s and the run fell back to one fold
    /// model of one trial, while the holdout finished four trials and ensembled three (test accuracy 0.697 against
    /// 0.705). Null: always k-fold. The shared benchmark sets are all below the default.
    /// </summary>
    public int? AutoHoldoutRows { get; init; } = DefaultAutoHoldoutRows;

    /// <summary>The default of <see cref="AutoHoldoutRows"/>.</summary>
    public const int DefaultAutoHoldoutRows = 100_000;

    /// <summary>The holdout fraction used above <see cref="AutoHoldoutRows"/>: 20 000 rows' worth, between 5 % and 20 %.</summary>
    public static double AutoHoldoutFraction(int rows) => Math.Clamp(20_000.0 / Math.Max(1, rows), 0.05, 0.2);

    /// <summary>
    /// These options with the validation a run on <paramref name="rows"/> training rows uses: <see cref="HoldoutFraction"/>
    /// set to <see cref="AutoHoldoutFraction"/> when the rows reach <see cref="AutoHoldoutRows"/> and no holdout was asked for.
    /// </summary>
    public AutoMLOptions ForRows(int rows) =>
        HoldoutFraction is null && AutoHoldoutRows is { } limit && rows >= limit ? this with { HoldoutFraction = AutoHoldoutFraction(rows) } : this;

    /// <summary>
    /// TorchSharp deep models in the search: true adds the MLP (featurized vector), the CNN (first image column) and the
    /// LSTM/GRU (first text column) where the data has their input; false leaves all out, and naming one in
    /// <see cref="Trainers"/> is then an error. Null (automatic): the CNN only, and only when the data has an image
    /// column, where a convolutional network is the model made for the input (gradient-boosted trees and linear models
    /// see the pixels as unrelated numbers); the MLP and the LSTM/GRU, which rarely beat trees on tables or TF-IDF on
    /// text on a CPU budget, wait to be asked for. A deep trainer named in <see cref="Trainers"/> is searched unless this is false.
    /// </summary>
    public bool? AllowDeepModels { get; init; }

    /// <summary>Trainers to search; null or empty: every trainer that fits the task.</summary>
    public IReadOnlyList<AutoMLTrainer>? Trainers { get; init; }

    /// <summary>Build an ensemble (Caruana selection or stacking) over the trials' out-of-fold predictions.</summary>
    public bool Ensemble { get; init; } = true;

    /// <summary>Rounds of greedy Caruana selection (with replacement).</summary>
    public int EnsembleRounds { get; init; } = 25;

    /// <summary>
    /// Binary classification: choose the decision threshold on P(true) that maximises <see cref="Metric"/> on the final
    /// model's out-of-fold predictions (AutoGluon's <c>calibrate_decision_threshold</c>); predictions and evaluation then
    /// use it (<see cref="AutoMLModel.DecisionThreshold"/>). Null (automatic): for balanced accuracy and the F1 scores
    /// (<see cref="DecisionThreshold.TunedByDefault"/>), whose best threshold moves with the class balance. True also
    /// tunes it for accuracy, and is an error with a metric that does not depend on the threshold (ROC-AUC, log-loss),
    /// with precision or recall alone (a threshold maximises them trivially), or on a task that is not binary. False: 0.5.
    /// </summary>
    public bool? CalibrateDecisionThreshold { get; init; }

    /// <summary>Columns to leave out of the features.</summary>
    public IReadOnlyList<string> IgnoreColumns { get; init; } = [];

    /// <summary>
    /// A column whose rows belong together (a patient, a customer, a session, a store): every row of a group lands in the
    /// same validation fold, so trials are scored on groups they never saw, as a model in service meets new patients
    /// (scikit-learn's <c>GroupKFold</c> and <c>StratifiedGroupKFold</c>, AutoGluon's <c>groups</c>). Classification
    /// uses stratified group folds, regression group folds; a holdout holds out whole groups. The column is not a
    /// feature and prediction does not need it. Every row needs a value, and there must be at least as many groups as
    /// folds. Null (default): rows are split one by one.
    /// </summary>
    public string? GroupColumn { get; init; }

    /// <summary>
    /// A column that orders the rows in time (a date, or a number such as a year or a timestamp): validation then trains
    /// on the past and scores the future, as the model will be used (scikit-learn's <c>TimeSeriesSplit</c>). The rows,
    /// sorted by it, are cut into <see cref="Folds"/> + 1 blocks; each fold trains on the blocks before one and scores
    /// it, so the earliest block is never scored. With a holdout (<see cref="HoldoutFraction"/>, or the automatic one
    /// on large tables) the latest rows are held out. Rows with equal times keep their file order. The column stays a
    /// feature; the final members are refitted on all rows unless <see cref="Refit"/> says otherwise; validation is not
    /// repeated. Not with <see cref="GroupColumn"/>. Every row needs a value. Null (default): shuffled folds.
    /// </summary>
    public string? TimeOrderColumn { get; init; }

    /// <summary>SQLite file that keeps the study (trials and their results) so an interrupted run can resume. Null: in memory only.</summary>
    public string? StudyPath { get; init; }

    /// <summary>Threads per deep (TorchSharp) trainer; parallelism comes from <see cref="Workers"/>. Tree ensembles take <see cref="TreeThreads"/>.</summary>
    public int TrainerThreads { get; init; } = 1;

    /// <summary>
    /// Threads of each tree-ensemble fit: ML.NET's FastTree, FastForest and LightGbm, DeepRoad's extra trees and random
    /// forest. Null (automatic, <see cref="AutoTreeThreads"/>): the cores
    /// shared out between the <see cref="Workers"/> in the search, and every core in the final refit, which fits one
    /// member at a time with nothing beside it; one thread below <see cref="TreeThreadsMinRows"/> rows. More threads
    /// than cores slow a LightGbm fit down (its OpenMP threads spin while they wait for a descheduled peer: 14 s on
    /// one thread became 23 s on two beside one busy thread on two cores), so the automatic counts never add up to more
    /// than the cores. None of their models depends on the thread count, so neither do the search and its results.
    /// </summary>
    public int? TreeThreads { get; init; }

    /// <summary>
    /// The automatic <see cref="TreeThreads"/> for <paramref name="rows"/> training rows and <paramref name="workers"/>
    /// fits side by side: the cores divided between them (at least one), from <see cref="TreeThreadsMinRows"/> rows; one
    /// below (a fit of a few hundred rows takes milliseconds, less than starting and joining threads for every tree).
    /// </summary>
    public static int AutoTreeThreads(int rows, int workers) =>
        rows >= TreeThreadsMinRows ? Math.Max(1, Environment.ProcessorCount / Math.Max(1, workers)) : 1;

    /// <summary>The training rows from which <see cref="AutoTreeThreads"/> gives tree trainers more than one thread.</summary>
    public const int TreeThreadsMinRows = 1000;

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumn)) throw new ArgumentException("LabelColumn (--label) is required.");
        if (TimeBudget is { } t && t <= TimeSpan.Zero) throw new ArgumentException($"TimeBudget (--time) must be positive, got {t.TotalSeconds} s.");
        if (MaxTrials is { } m && m < 1) throw new ArgumentException($"MaxTrials (--trials) must be at least 1, got {m}.");
        if (TimeBudget is null && MaxTrials is null) throw new ArgumentException("set a TimeBudget (--time) or MaxTrials (--trials); both are unlimited.");
        if (Workers < 1) throw new ArgumentException($"Workers (--jobs) must be at least 1, got {Workers}.");
        if (Folds < 2 && HoldoutFraction is null) throw new ArgumentException($"Folds must be at least 2, got {Folds}.");
        if (Repeats is { } rep && (rep < 1 || rep > 20)) throw new ArgumentException($"Repeats (--repeats) must be between 1 and 20, got {rep}.");
        if (HoldoutFraction is { } h && (h <= 0 || h >= 1)) throw new ArgumentException($"HoldoutFraction must be between 0 and 1, got {h}.");
        if (AutoHoldoutRows is { } ah && ah < 1) throw new ArgumentException($"AutoHoldoutRows must be at least 1 (or null: always k-fold), got {ah}.");
        if (MemoryLimitBytes is { } mem && mem < 64L << 20) throw new ArgumentException($"MemoryLimitBytes must be at least 64 MiB, got {mem}.");
        if (EnsembleRounds < 1) throw new ArgumentException($"EnsembleRounds must be at least 1, got {EnsembleRounds}.");
        if (CalibrateDecisionThreshold == true && (Metric is not { } mk || !DecisionThreshold.CanBeTuned(mk)))
            throw new ArgumentException("CalibrateDecisionThreshold (--calibrate-threshold on) needs a metric (--metric) that depends on the decision threshold: " +
                "f1, balanced_accuracy, macro_f1, weighted_f1 or accuracy" + (Metric is { } m2 ? $", not {MetricNames.ToName(m2)}" : " (the binary default, roc_auc, does not)") + ".");
        if (TrainerThreads < 1) throw new ArgumentException($"TrainerThreads must be at least 1, got {TrainerThreads}.");
        if (TreeThreads is < 1) throw new ArgumentException($"TreeThreads (--tree-threads) must be at least 1, got {TreeThreads}.");
        if (TimeOrderColumn is not null && GroupColumn is not null)
            throw new ArgumentException("TimeOrderColumn (--time-order) and GroupColumn (--group) cannot both be set: validation either follows time or keeps groups whole.");
        if (TimeOrderColumn is not null && Repeats is > 1)
            throw new ArgumentException($"Repeats (--repeats) {Repeats} needs shuffled folds; time-ordered validation (TimeOrderColumn, --time-order) has one order.");
    }
}
