using System.Diagnostics;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Ensembling;
using DeepRoad.AutoML.Persistence;
using DeepRoad.AutoML.Search;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Storage;
using Microsoft.ML;

namespace DeepRoad.AutoML;

/// <summary>
/// One AutoML run, tying the pillars together: DeepRoad.Pipelines loads, infers, featurizes and cross-validates;
/// a DeepRoad.Tuning <see cref="Study"/> (in memory, or SQLite for resume) searches one conditional space of
/// trainer × featurizer choices × hyperparameters on parallel workers with a cost-aware portfolio sampler (GP-BO
/// within each trainer) and successive halving on rows; DeepRoad.Ensembles blends the best trials by Caruana
/// selection or stacks them, whichever scores better out of fold; the chosen members are refit on all rows while
/// the budget allows. Create it with <c>mlContext.DeepRoad().AutoML(options)</c>.
/// </summary>
public sealed class AutoMLExperiment
{
    private const string StudyName = "automl";

    /// <summary>How many of the best trials Caruana selection draws on (and keep their fold models in memory), besides the best of each other trainer.</summary>
    private const int LibrarySize = 20;

    /// <summary>
    /// The per-trainer average is the final model unless its rival beats it on at least this share of the bootstrap
    /// resamples: about one standard error of the paired difference (the normal CDF at 1 is 0.841).
    /// </summary>
    internal const double AverageRivalWinRate = 0.84;

    /// <summary>
    /// The per-trainer average leaves out a trainer whose best trial the overall best beats on at least this share of
    /// the bootstrap resamples (a one-sided test at 5 %): a family that is clearly worse, such as trees on a small
    /// text table, only dilutes the average. The families left are statistically tied with the best (tested on tables of
    /// up to 2 000 rows; above, every trainer is kept, see FinalModelCrossValidation.TiedWithBest); when only the best
    /// trainer is left, there is no average candidate.
    /// </summary>
    internal const double AverageTiedShare = 0.95;
    private const int AverageBootstrapResamples = 200;

    /// <summary>
    /// How many trials keep their out-of-fold predictions for the final model's nested cross-validation: up to 200, within
    /// 64 MB of predictions (so about 100 trials on 80 000 rows of two classes), and never fewer than the library.
    /// </summary>
    internal static int PredictionPool(int rows, int width) =>
        (int)Math.Clamp(64L * 1024 * 1024 / Math.Max(1L, (long)rows * width * sizeof(float)), LibrarySize, 200);

    /// <summary>Share of paired bootstrap resamples of the out-of-fold rows on which <paramref name="rival"/> beats the per-trainer <paramref name="average"/>; below <see cref="AverageRivalWinRate"/> the average is the final model.</summary>
    internal static double RivalWinRate(MetricKind metric, float[] truth, PredictionMatrix rival, PredictionMatrix average, MLTask task, int seed) =>
        PairedBootstrap.WinRate(metric, truth, rival, average, task, AverageBootstrapResamples, seed);

    private readonly MLContext _ml;

    internal AutoMLExperiment(MLContext ml, AutoMLOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _ml = ml;
        Options = options;
    }

    /// <summary>The options of this run.</summary>
    public AutoMLOptions Options { get; }

    /// <summary>Test seam: wraps each trial's trainer estimator (trainer, trial number, estimator).</summary>
    internal Func<AutoMLTrainer, int, IEstimator<ITransformer>, IEstimator<ITransformer>>? TrainerDecorator { get; init; }

    /// <summary>Test seam: build this final method whenever it can be built, whatever the scores.</summary>
    internal FinalMethod? ForceFinalMethod { get; init; }

    /// <summary>Test seam: the memory watchdog's reading of the working set, and how often it looks.</summary>
    internal (Func<long> WorkingSet, TimeSpan Period)? MemoryProbe { get; init; }

    /// <summary>Test seam: sees the run's trial archive when it is opened (a memory probe can then read what it holds).</summary>
    internal Action<TrialArchive>? OnArchive { get; init; }

    /// <summary>
    /// Whether trials with the same featurizer options share each fold's featurized rows (<see cref="FeatureCache"/>);
    /// off, every trial fits its featurizer on every fold (what the shared rows are tested against).
    /// </summary>
    internal bool ShareFeaturizedRows { get; init; } = true;

    /// <summary>Test seam: sees the run's cache of featurized rows when it is made.</summary>
    internal Action<FeatureCache>? OnFeatureCache { get; init; }

    /// <summary>
    /// Time left for ensembling and refitting after the search: a tenth of the budget, at most 10 s and at least 0.25 s.
    /// (At least 1 s left a 1 s budget no time for any trial; on small data a cheap trial takes a few hundred ms.)
    /// </summary>
    private static TimeSpan Reserve(TimeSpan budget) => TimeSpan.FromSeconds(Math.Max(0.25, Math.Min(10, budget.TotalSeconds * 0.1)));

    /// <summary>
    /// Raises the thread pool's minimum so the budget's timers and continuations find a thread at once. Each worker's fit
    /// blocks a pool thread for seconds to minutes, and an ensemble member's fit blocks one more while its own parallel
    /// loop runs; with the default minimum (the core count) the deadline's cancellation, the cost watchdog and the progress
    /// reports then waited for the pool to grow by a thread every half second or so: on 2 cores with 2 workers, progress
    /// reports arrived up to 14 s late and a 60 s search on a 40-column categorical table ended 17 s late. The minimum only
    /// rises (the process may have set a higher one), and threads above it are made only when work waits for them.
    /// </summary>
    internal static void EnsurePoolThreads(int workers)
    {
        ThreadPool.GetMinThreads(out int worker, out int io);
        int wanted = Environment.ProcessorCount + 4 * Math.Max(1, workers) + 4;
        if (wanted > worker) ThreadPool.SetMinThreads(wanted, io);
    }

    /// <summary>Runs AutoML on a CSV/TSV file with a header row.
    /// The time budget counts from this call: loading and schema inference are part of it.</summary>
    public Task<AutoMLResult> FitAsync(string trainPath, IProgress<AutoMLProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        return FitAsync(AutoMLData.Load(_ml, trainPath, Options), progress, clock, cancellationToken);
    }

    /// <summary>
    /// Checks, before a search, that a labelled test file can be scored by a model of <paramref name="trainPath"/>:
    /// it has every input column and the label, no empty label, and no class the training file lacks. Throws
    /// <see cref="DeepRoadDataException"/> naming the file, row and column, so a bad test file fails in seconds
    /// rather than after the time budget. Reads the training file once more for its schema (outside any budget).
    /// </summary>
    public void CheckTestFile(string trainPath, string testPath)
    {
        var train = AutoMLData.Load(_ml, trainPath, Options);
        AutoMLData.FromFile(_ml, train.Schema, testPath, requireLabel: true, out _);
    }

    /// <summary>Runs AutoML on an in-memory data view (scalar number, boolean and text columns).
    /// The time budget counts from this call: reading the view and schema inference are part of it.</summary>
    public Task<AutoMLResult> FitAsync(IDataView train, IProgress<AutoMLProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        return FitAsync(AutoMLData.Load(_ml, train, Options), progress, clock, cancellationToken);
    }

    /// <summary>
    /// How many bytes of featurized fold rows the search keeps for reuse between trials (<see cref="FeatureCache"/>): a
    /// quarter of the memory limit, or without one a sixteenth of the memory the process may use, at most 512 MiB.
    /// </summary>
    internal static long FeatureCacheBudget(long? memoryLimit) =>
        Math.Min(512L << 20, memoryLimit is { } limit ? limit / 4 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16);

    private async Task<AutoMLResult> FitAsync(TrainingSet data, IProgress<AutoMLProgress>? progress, Stopwatch clock, CancellationToken ct)
    {
        var loadTime = clock.Elapsed;
        var o = Options.ForRows(data.Rows);
        EnsurePoolThreads(o.Workers);
        var task = data.Task;
        var metric = ResolveMetric(o.Metric, task);
        bool calibrate = CalibratesThreshold(o, metric, task);
        bool higher = metric.HigherIsBetter();
        int repeats = o.HoldoutFraction is null && data.Times is null ? o.Repeats ?? AutoMLOptions.AutoRepeats(data.Rows) : 1;
        var folds = MakeFolds(data, o, repeats);
        if (RareClassWarning(data, folds.Count / repeats) is { } rare)
            data = data with { Schema = data.Schema with { Warnings = [.. data.Schema.Warnings, rare] } };
        var evalRows = folds.SelectMany(f => f.TestIndices).Distinct().Order().ToArray();
        var truth = evalRows.Select(i => data.Truth[i]).ToArray();
        var trainers = ResolveTrainers(data);
        var space = new AutoMLSpace(trainers, data);
        string fingerprint = $"label={o.LabelColumn};task={task};metric={metric};rows={data.Rows};cols={data.Schema.Columns.Count};folds={o.Folds};repeats={repeats};holdout={o.HoldoutFraction};{(o.GroupColumn is { } gc ? $"group={gc};" : "")}{(o.TimeOrderColumn is { } tc ? $"time={tc};" : "")}seed={o.Seed};trainers={string.Join(",", trainers)}";
        using var archive = new TrialArchive(o.StudyPath, StudyName, fingerprint, LibrarySize, higher ? x => -x : x => x, PredictionPool(evalRows.Length, data.Width));
        OnArchive?.Invoke(archive);
        using var storage = o.StudyPath is null ? (IStudyStorage)new InMemoryStudyStorage() : new SqliteStudyStorage(o.StudyPath);

        var bestLock = new object();
        double? bestScore = null;
        AutoMLTrainer? bestTrainer = null;
        int finished = 0, resumed = 0, failedTrials = 0;
        bool anyWorked = false, everyTrialFailed = false;
        var failedTrainers = new HashSet<AutoMLTrainer>();
        TrialObjective? objective = null;
        CancellationTokenSource? searchStop = null;
        void Report(string phase, TrialRecord? t) =>
            progress?.Report(new AutoMLProgress(phase, t, finished, bestScore, bestTrainer, clock.Elapsed, o.TimeBudget, o.MaxTrials) { TrialsResumed = resumed });
        void Consider(double score, AutoMLTrainer trainer)
        {
            if (bestScore is { } b && (higher ? score <= b : score >= b)) return;
            (bestScore, bestTrainer) = (score, trainer);
        }
        // The rows of a part as the trials see them: the subsample (-1) is every third training row of the first fold.
        IDataView PartRows(int part, CancellationToken token) => DataViewRows.Select(_ml, data.Data,
            part < 0 ? TrialObjective.SubsampleRows(folds) : folds[part].TrainIndices, token);
        var features = ShareFeaturizedRows ? new FeatureCache(o.Seed, FeatureCacheBudget(o.MemoryLimitBytes), PartRows, folds.Count) : null;
        if (features is not null) OnFeatureCache?.Invoke(features);
        objective = new TrialObjective
        {
            Space = space, Data = data, Folds = folds, Repeats = repeats, EvalRows = evalRows, EvalTruth = truth, Metric = metric, Threads = o.TrainerThreads,
            TreeThreads = o.TreeThreads ?? AutoMLOptions.AutoTreeThreads(data.Rows, o.Workers),
            Seed = o.Seed, Archive = archive, SaveContext = _ml, Clock = clock, Decorator = TrainerDecorator,
            Features = features,
            Deadline = o.TimeBudget is { } deadline ? deadline - Reserve(deadline) : null,
            OnFinished = rec =>
            {
                // Native trainers' freed memory goes back to the OS between trials (glibc keeps it per thread).
                NativeHeap.TrimThrottled();
                lock (bestLock)
                {
                    finished++;
                    if (rec.State == TrialState.Complete && rec.Score is { } score) Consider(score, rec.Trainer);
                    if (rec.State == TrialState.Failed) { failedTrainers.Add(rec.Trainer); failedTrials++; }
                    else if (rec.State is TrialState.Complete or TrialState.Pruned) anyWorked = true;
                    Report("search", rec);
                    // Every trainer failed, more than once, and nothing has worked: the data or the set-up is at fault
                    // (ROC-AUC on a label with one class per fold, a memory limit below any fit), and more trials of the
                    // budget would fail the same way. The search stops and the error says why.
                    if (!anyWorked && resumed == 0 && objective!.Partials.IsEmpty && failedTrainers.Count == trainers.Count && failedTrials >= EveryTrialFailedAfter(trainers.Count))
                    {
                        everyTrialFailed = true;
                        searchStop!.Cancel();
                    }
                }
            },
        };

        // Same proposals on 1 or N workers (with a trial budget): trial n always sees exactly the trials below n - window.
        int window = Math.Max(3, o.Workers - 1);
        var study = new Study(StudyName, space.Space, new PortfolioSampler(space, o.Seed), storage,
            new StudyOptions
            {
                Direction = StudyDirection.Minimize, Workers = o.Workers, PendingWindow = window, FailurePolicy = FailurePolicy.Record,
                // A time budget alone makes the run depend on timing anyway (how many trials fit, which are cut short), so
                // workers do not wait for a slow earlier trial; with a trial budget they do, for the same leaderboard on 1 or N workers.
                Asynchronous = o.MaxTrials is null,
                // A resumed study first runs again what the last run's deadline or caller cut off.
                RetryCancelled = true,
            },
            new AutoMLPruner(window, minPeers: 6, exemptBelow: trainers.Count));
        // A resumed study's finished trials count from the start, and its best is the best so far.
        lock (bestLock)
        {
            foreach (var t in study.Trials.Where(t => t.IsFinished))
            {
                resumed++;
                if (t.State == DeepRoad.Tuning.TrialState.Complete && t.Value is { } loss) Consider(objective.AsLoss(loss), AutoMLSpace.TrainerOf(t.Parameters));
            }
            finished = resumed;
        }

        using var searchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        searchStop = searchCts;
        if (o.TimeBudget is { } budget)
        {
            // The budget counts from FitAsync's call, so the time spent loading the data is already gone.
            var searchTime = budget - Reserve(budget) - clock.Elapsed;
            if (searchTime > TimeSpan.Zero) searchCts.CancelAfter(searchTime);
            else searchCts.Cancel();
        }
        using var watchdog = o.MemoryLimitBytes is { } limit ? new MemoryWatchdog(limit, objective, searchCts, MemoryProbe?.WorkingSet, MemoryProbe?.Period) : null;
        objective.MemoryGuard = watchdog is null ? null : watchdog.Check;

        Report("search", null);
        var studyResult = await study.OptimizeAsync(objective, new StudyBudget(Trials: o.MaxTrials ?? int.MaxValue), null, searchCts.Token).ConfigureAwait(false);

        // Leaderboard: every trial of the study, with AutoML's record (this run's or the archived one of a resumed run).
        var outcomes = new List<TrialOutcome>();
        foreach (var t in studyResult.Trials)
        {
            var archived = archive.Load(t.Number, t.Parameters, evalRows.Length, data.Width, _ml);
            if (archived is not null) { outcomes.Add(archived); continue; }
            var partial = objective.Partials.GetValueOrDefault(t.Number);
            var record = partial?.Record ?? new TrialRecord
            {
                Number = t.Number, Trainer = AutoMLSpace.TrainerOf(t.Parameters), Pipeline = space.DescribePipeline(t.Parameters),
                Parameters = AutoMLSpace.Numbers(t.Parameters), State = t.Error == Study.CancelledError || t.State == DeepRoad.Tuning.TrialState.Running ? TrialState.Cancelled : TrialState.Failed,
                Error = t.Error ?? "not finished", Resumed = t.FinishedAt is { } f && f < DateTimeOffset.UtcNow - clock.Elapsed,
            };
            if (record.State == TrialState.Complete) record = record with { State = TrialState.Cancelled, Error = "cancelled (deadline or caller)" };
            outcomes.Add(new TrialOutcome(record, t.Parameters, null, null));
        }
        var leaderboard = new Leaderboard(outcomes.Select(x => x.Record).ToList(), metric, higher);
        var complete = outcomes.Where(x => x.Record.State == TrialState.Complete && x.Oof is not null && x.FoldModels is not null).ToList();
        if (complete.Count == 0 && everyTrialFailed && objective.Partials.IsEmpty)
            throw new InvalidOperationException(
                $"every trial failed: {failedTrials} trials of all {trainers.Count} trainers failed and none completed, so the search stopped early " +
                $"({string.Join("; ", outcomes.Where(x => x.Record.State == TrialState.Failed).GroupBy(x => x.Record.Error).OrderByDescending(g => g.Count()).Take(3).Select(g => $"{g.Count()} x {string.Join("/", g.Select(x => x.Record.Trainer).Distinct())}: {g.Key}"))}).");
        if (complete.Count == 0) return Fallback(data, o, outcomes, objective, metric, higher, clock, loadTime, Report);

        // Final model: Caruana selection and a stack of the best trials over their out-of-fold predictions; the better one wins.
        Report("ensemble", null);
        var ranked = Rank(complete, metric, task, truth);
        // The library: the best trials, plus the best trial of every other trainer. On small data the best twenty are
        // often all one trainer's neighbouring configurations; a different family is what a blend gains most from.
        var top = ranked.Take(LibrarySize).ToList();
        var inTop = top.Select(x => x.Record.Trainer).ToHashSet();
        var library = top.Concat(ranked.Skip(LibrarySize).Where(x => inTop.Add(x.Record.Trainer))).ToList();
        var selectionOptions = new EnsembleSelectionOptions
        {
            Metric = metric, Iterations = Math.Max(1, o.EnsembleRounds - 1), InitialBestN = 1,
            // Accuracy and F1 on small data tie often; log-loss breaks the ties, so the blend keeps growing while
            // the metric holds instead of stopping at the one trial whose out-of-fold accuracy was luckiest.
            TieBreakMetric = TieBreaks(metric, task) ? MetricKind.LogLoss : null,
        };
        var libraryOof = library.Select(x => x.Oof!).ToList();
        int[] counts = o.Ensemble && library.Count > 1
            ? EnsembleSelection.Select(libraryOof, truth, task, selectionOptions).Counts.ToArray()
            : [1, .. new int[library.Count - 1]];
        var chosen = library.Select((x, i) => (x, w: counts[i])).Where(p => p.w > 0).ToList();
        var selectionOof = AutoMLModel.Blend(chosen.Select(p => p.x.Oof!).ToList(), chosen.Select(p => (double)p.w).ToList());

        // Two stacks compete: one over the best five trials with at most two of a trainer (FinalModelCrossValidation.MaxPerTrainer:
        // not five neighbours of the leading trainer), one over the best trial of each trainer (what a hand-built stack
        // of one gradient-boosted, one forest and one linear model looks like). Selection's score above was measured
        // on the rows it chose its weights on, from a library chosen on the same rows, which flatters it most of all on
        // small data; all the candidates are compared on a nested cross-validation of their whole procedure instead
        // (FinalModelCrossValidation: the trials re-picked inside each fold), when there is time for it.
        const int StackSize = 5;
        var bestCapped = FinalModelCrossValidation.BestCapped(ranked, x => x.Record.Trainer, StackSize);
        var stackCandidates = new List<(string Name, List<TrialOutcome> Members, FinalModelCrossValidation.StackMembers Kind)>
        {
            (FormattableString.Invariant($"the best {bestCapped.Count} trials (at most {FinalModelCrossValidation.MaxPerTrainer} of a trainer)"),
                bestCapped, FinalModelCrossValidation.StackMembers.BestN),
        };
        var perTrainer = library.GroupBy(x => x.Record.Trainer).Select(g => g.First()).ToList();
        if (perTrainer.Count > 1 && !perTrainer.Select(x => x.Record.Number).ToHashSet().SetEquals(stackCandidates[0].Members.Select(x => x.Record.Number)))
            stackCandidates.Add(($"the best trial of each of {perTrainer.Count} trainers", perTrainer, FinalModelCrossValidation.StackMembers.BestOfEachTrainer));
        // The nested cross-validation re-picks trials inside each fold, so it draws on every completed trial whose
        // out-of-fold predictions are still held (the archive keeps more of them than of fold models).
        var pool = outcomes.Where(x => x.Record.State == TrialState.Complete && x.Oof is not null && x.Record.Score is not null)
            .Select(x => new FinalModelCrossValidation.Candidate(x.Record.Number, x.Record.Trainer, x.Oof!)).ToList();
        var fittedStacks = new List<(int Candidate, ITransformer Model, PredictionMatrix Oof, double Score, string Name, List<TrialOutcome> Members)>();
        // The per-trainer average's members: every trainer's best unless the stack task narrowed them to the tied ones.
        List<TrialOutcome>? tied = null;
        FinalModelCrossValidation.Result? honest = null;
        string? stackError = null;
        if (o.Ensemble && stackCandidates[0].Members.Count > 1 && !ct.IsCancellationRequested)
        {
            // Bounded by the deadline like everything else: the stacks may use half of what is left (the other half is
            // for refitting); an ML.NET fit that does not stop is abandoned after the grace period. What finished in
            // time is used.
            using var stackCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (o.TimeBudget is { } b1)
            {
                var left = (b1 - clock.Elapsed) / 2;
                if (left <= TimeSpan.FromSeconds(0.2)) stackCts.Cancel(); else stackCts.CancelAfter(left);
            }
            var stackMl = new MLContext(o.Seed);
            var fitted = new System.Collections.Concurrent.ConcurrentQueue<(int Candidate, ITransformer Model, PredictionMatrix Oof, double Score, string Name, List<TrialOutcome> Members)>();
            FinalModelCrossValidation.Result? nested = null;
            var work = Task.Run(() =>
            {
                using var reg = stackCts.Token.Register(() => MLContextCancellation.Cancel(stackMl));
                // The trainers the average keeps: decided once on all rows (a bootstrap per trainer), inside the deadline.
                var tiedHere = FinalModelCrossValidation.TiedWithBest(perTrainer, x => x.Oof!, truth, task, metric, AverageTiedShare, o.Seed);
                Volatile.Write(ref tied, tiedHere);
                for (int k = 0; k < stackCandidates.Count; k++)
                {
                    stackCts.Token.ThrowIfCancellationRequested();
                    var (name, members, _) = stackCandidates[k];
                    var f = MetaStack.Fit(stackMl, members.Select(x => x.Oof!).ToList(), truth, task, data.Width, metric, o.Seed, stackCts.Token);
                    fitted.Enqueue((k, f.Model, f.OutOfFold, f.Score, name, members));
                }
                stackCts.Token.ThrowIfCancellationRequested();
                if (library.Count > 1 && truth.Length >= 10)
                {
                    int nestedFolds = Math.Min(5, truth.Length / 5);
                    var groupFolds = NestedGroupFolds(data, evalRows, truth, nestedFolds, o.Seed);
                    if (groupFolds is not null) nestedFolds = groupFolds.Max() + 1;
                    if (nestedFolds >= 2)
                        nested = FinalModelCrossValidation.Run(pool, truth, task, metric, selectionOptions, LibrarySize, StackSize,
                            stackCandidates.Select(c => c.Kind).ToList(), nestedFolds, o.Seed, stackCts.Token,
                            averageTrainers: tiedHere.Select(x => x.Record.Trainer).ToHashSet(), foldOfRow: groupFolds);
                }
            }, CancellationToken.None);
            var stopStack = new TaskCompletionSource();
            using (stackCts.Token.Register(() => stopStack.TrySetResult()))
                await Task.WhenAny(work, stopStack.Task).ConfigureAwait(false);
            if (!work.IsCompleted) await Task.WhenAny(work, Task.Delay(TrialObjective.Grace)).ConfigureAwait(false);
            if (work.IsCompletedSuccessfully) honest = nested;
            fittedStacks.AddRange(fitted);
            if (fittedStacks.Count == 0)
                stackError = work.IsFaulted && work.Exception!.InnerException is { } ex && ex is not OperationCanceledException
                    ? $"{ex.GetType().Name}: {ex.Message}"
                    : ct.IsCancellationRequested ? "cancelled" : "the time budget ended before the stack was fitted";
        }
        // Read once: a stack task abandoned at the deadline may still be running.
        var averaged = Volatile.Read(ref tied) ?? perTrainer;
        string M(double v) => v.ToString("G5", System.Globalization.CultureInfo.InvariantCulture);
        string metricName = MetricNames.ToName(metric);

        // The plain average of each trainer's best trial fits nothing to the out-of-fold rows and picks least of the
        // three (each trainer's best). It is the final model unless the better of the two above
        // beats it by more than about one standard error: the one-standard-error rule (Breiman et al.; Hastie,
        // Tibshirani and Friedman 7.10), which takes the simplest model whose estimate is within one standard error of
        // the best. Here the standard error is read off a paired bootstrap of the out-of-fold rows: the rival must win on
        // at least 84 % of the resamples (one standard error of the paired difference, one-sided), compared on its
        // nested predictions, as the average is (each trainer's best re-picked inside each fold). After
        // hundreds of trials on a small table, the selection's and the stack's lead is typically one family's luckiest
        // neighbouring configurations, within the noise of the rows; the average keeps every family.
        PredictionMatrix? averageOof = null;
        bool timeForAverage = o.TimeBudget is not { } b0 || b0 - clock.Elapsed > TimeSpan.FromSeconds(1);
        // With one trainer tied the "average" would be the single luckiest trial of hundreds, the opposite of what it is
        // for: then there is no average candidate, and selection or the stack decides.
        if (o.Ensemble && averaged.Count > 1 && ForceFinalMethod is null && !ct.IsCancellationRequested && timeForAverage)
            averageOof = AutoMLModel.Blend(averaged.Select(x => x.Oof!).ToList(), Enumerable.Repeat(1.0, averaged.Count).ToList());
        // Every comparison is on the nested (honest) predictions when they finished in time; otherwise on the selection's
        // plain out-of-fold score and the stack's meta-learner cross-validation (FinalDecision).
        var decision = FinalDecision.Decide(metric, truth, task, o.Seed, selectionOof,
            fittedStacks.Select(f => new FinalDecision.FittedStack(f.Candidate, f.Oof, f.Score)).ToList(),
            honest, averageOof, ForceFinalMethod is { } forced ? forced == FinalMethod.Stacking : null);
        var stack = decision.Stack is { } chosenStack ? fittedStacks.First(f => f.Candidate == chosenStack) : ((int Candidate, ITransformer Model, PredictionMatrix Oof, double Score, string Name, List<TrialOutcome> Members)?)null;
        double selectionScore = decision.SelectionScore;
        bool stackBeatsSelection = decision.StackBeatsSelection;
        double? selectionNested = decision.SelectionNested, stackNested = decision.StackNested;
        double? averageScore = decision.AverageScore, averageNested = decision.AverageNested, rivalWinRate = decision.RivalWinRate;
        bool useAverage = decision.Choice == FinalDecision.Choice.Average;
        bool useStack = decision.Choice == FinalDecision.Choice.Stack;
        string AverageFamilies() => averaged.Count == perTrainer.Count
            ? $"each of {perTrainer.Count} trainers"
            : $"{averaged.Count} of {perTrainer.Count} trainers ({string.Join(", ", averaged.Select(x => x.Record.Trainer))}; the others are beaten by the best on at least {AverageTiedShare:P0} of bootstrap resamples)";
        string Scores(double? nested, double plain, string plainName) =>
            nested is { } v ? $"nested cross-validated {metricName} {M(v)} ({plainName} {M(plain)})" : $"{plainName} {metricName} {M(plain)}";
        string selectionText = Scores(selectionNested, selectionScore, "out-of-fold on the rows it was chosen on");
        string stackText = stack is { } s1 ? Scores(stackNested, s1.Score, "meta-learner's cross-validated") : "";
        string averageText = averageScore is { } a1 ? Scores(averageNested, a1, "out-of-fold") : "";
        string reason = !o.Ensemble || library.Count == 1
            ? $"single best trial #{ranked[0].Record.Number} ({(o.Ensemble ? "only one completed trial" : "ensembling off")})"
            : useAverage
                ? $"plain average of the best trial of {AverageFamilies()} ({averageText}): " +
                  (stackBeatsSelection ? $"the stack of {stack!.Value.Name} ({stackText})" : $"Caruana selection ({selectionText})") +
                  $" beats it on only {rivalWinRate!.Value:P0} of {AverageBootstrapResamples} bootstrap resamples of the rows, within one standard error, and the average fits no weights"
            : stack is { } s2
                ? stackBeatsSelection
                    ? $"stacking of {s2.Name}: {stackText} beats Caruana selection's {selectionText}"
                    : $"Caruana selection of {chosen.Count} trial(s): {selectionText} beats (or ties) the stack of {s2.Name} ({stackText})"
                : $"Caruana selection of {chosen.Count} trial(s), out-of-fold {metricName} {M(selectionScore)} (stacking not built: {stackError ?? (ct.IsCancellationRequested ? "the search was cancelled" : "the time budget ended")})";
        if (!useAverage && rivalWinRate is { } lost)
            reason += $"; the plain average of the best trial of {AverageFamilies()} ({averageText}) is beaten on {lost:P0} of {AverageBootstrapResamples} bootstrap resamples of the rows";
        if (honest is not null) reason += $" (nested: each way re-run from the choice of trials on, on four fifths of the rows, scored on the fifth; {pool.Count} trials)";

        // Refit the final members on all rows (when asked, or with a holdout) while the budget allows; otherwise a member
        // is the average of its fold models.
        var members = useAverage ? averaged.Select(x => (x, w: 1)).ToList() : useStack ? stack!.Value.Members.Select(x => (x, w: 1)).ToList() : chosen;
        var refits = new Dictionary<int, ITransformer>();
        // Time-ordered folds trained on less, and older, data than there is: refit on all rows unless told otherwise.
        bool refitMembers = o.Refit ?? (o.HoldoutFraction is not null || data.Times is not null);
        // One member at a time, with no trial beside it: tree trainers may use every core.
        int refitTreeThreads = o.TreeThreads ?? AutoMLOptions.AutoTreeThreads(data.Rows, workers: 1);
        if (refitMembers) Report("refit", null);
        foreach (var (x, _) in members.Where(_ => refitMembers).OrderByDescending(p => p.w).ThenBy(p => objective.AsLoss(p.x.Record.Score!.Value)))
        {
            var estimate = x.Record.FitTime / Math.Max(1, folds.Count) * 1.5;
            using var refitCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (o.TimeBudget is { } b2)
            {
                var left = b2 - clock.Elapsed - TimeSpan.FromSeconds(0.5);
                if (left < estimate * 1.5 || left <= TimeSpan.Zero) continue;
                refitCts.CancelAfter(left);
            }
            if (ct.IsCancellationRequested) break;
            int seed = Seeds.Derive(o.Seed, x.Record.Number);
            var refit = Task.Run(() =>
            {
                var ml = new MLContext(seed);
                using var reg = refitCts.Token.Register(() => MLContextCancellation.Cancel(ml));
                return objective.Pipeline(ml, x.Parameters, x.Record.Number, seed, new Deep.Training.DeepTrainingHooks { CancellationToken = refitCts.Token }, refitTreeThreads).Fit(data.Data);
            }, CancellationToken.None);
            var stop = new TaskCompletionSource();
            using (refitCts.Token.Register(() => stop.TrySetResult()))
                await Task.WhenAny(refit, stop.Task).ConfigureAwait(false);
            if (!refit.IsCompleted) await Task.WhenAny(refit, Task.Delay(TrialObjective.Grace)).ConfigureAwait(false);
            if (refit.IsCompletedSuccessfully && !refitCts.IsCancellationRequested) refits[x.Record.Number] = refit.Result;
        }

        var finalOof = useAverage ? averageOof! : useStack ? stack!.Value.Oof : selectionOof;
        // The decision threshold is chosen last, on the final model's own out-of-fold probabilities (the selection's
        // blend, the stack's cross-validated meta-learner, or the average), so it fits the model that is served.
        // It is kept only when thresholds tuned on four fifths of those rows beat 0.5 on the fifth (TuneCrossValidated).
        ThresholdChoice? threshold = calibrate ? DecisionThreshold.TuneCrossValidated(metric, truth, finalOof, seed: o.Seed) : null;
        if (threshold is not null) reason += "; " + DescribeThreshold(threshold);

        AutoMLModel Build(IReadOnlyList<(TrialOutcome x, int w)> ms, ITransformer? meta, double decisionThreshold)
        {
            int tw = ms.Sum(p => p.w);
            var infos = ms.Select(p => new ModelMember(p.x.Record.Number, p.x.Record.Trainer, (double)p.w / tw,
                refits.ContainsKey(p.x.Record.Number), p.x.Parameters.ToString())).ToList();
            var models = ms.Select(p => refits.TryGetValue(p.x.Record.Number, out var r) ? (IReadOnlyList<ITransformer>)[r] : p.x.FoldModels!).ToList();
            return new AutoMLModel(_ml, data.Schema, metric, infos, models, meta, decisionThreshold);
        }
        var final = Build(members, useStack ? stack!.Value.Model : null, threshold?.Threshold ?? DecisionThreshold.Default);
        // The best single trial gets its own threshold, from its own out-of-fold probabilities.
        var bestSingle = Build([(ranked[0], 1)], null, calibrate ? DecisionThreshold.TuneCrossValidated(metric, truth, ranked[0].Oof!, seed: o.Seed).Threshold : DecisionThreshold.Default);
        Report("done", null);
        return new AutoMLResult
        {
            Leaderboard = new Leaderboard(leaderboard.Trials, metric, higher) { FinalModel = $"{final.Method}: {reason}" },
            Model = final,
            BestSingleModel = bestSingle,
            EnsembleScore = useAverage ? averageScore!.Value : useStack ? stack!.Value.Score : selectionScore,
            SelectionScore = selectionScore,
            SelectionCrossValidatedScore = selectionNested,
            StackingScore = stack?.Score,
            StackingCrossValidatedScore = stackNested,
            TrainerAverageScore = averageScore,
            TrainerAverageCrossValidatedScore = averageNested,
            TrainerAverageRivalWinRate = rivalWinRate,
            Threshold = threshold,
            UsedTrainerAverage = useAverage,
            FinalModelReason = reason,
            Schema = data.Schema,
            Elapsed = clock.Elapsed,
            Options = o,
            Validation = new ValidationData(truth, finalOof, ranked[0].Oof!, folds.Count / repeats, o.HoldoutFraction is not null, repeats) { TimeOrdered = data.Times is not null },
            Train = data,
            Library = ranked,
            HeldPartialTrials = objective.Partials.Keys.Order().ToList(),
        };
    }

    /// <summary>Nothing finished every fold: the best trial's finished folds become the model (finished work is never thrown away).</summary>
    private AutoMLResult Fallback(TrainingSet data, AutoMLOptions o, List<TrialOutcome> outcomes, TrialObjective objective, MetricKind metric, bool higher, Stopwatch clock,
        TimeSpan loadTime, Action<string, TrialRecord?> report)
    {
        string loading = Options.TimeBudget is { } b && loadTime > b / 4
            ? $"; loading the data and inferring its schema took {loadTime.TotalSeconds:0.0} s of the {b.TotalSeconds:0} s budget" : "";
        var part = objective.Partials.Values.OrderBy(p => objective.AsLoss(p.Score)).ThenBy(p => p.Record.Number).FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"no trial completed within the budget ({outcomes.Count} started{(outcomes.Count > 0 ? ": " : "")}{string.Join("; ", outcomes.Take(3).Select(x => $"{x.Record.Trainer} {x.Record.State}" + (x.Record.Error is { Length: > 0 } e && e.TrimEnd('.') != x.Record.State.ToString() ? $": {e}" : "")))}{loading}); raise the time budget (--time) or the memory limit.");
        int idx = outcomes.FindIndex(x => x.Record.Number == part.Record.Number);
        var rec = outcomes[idx].Record with
        {
            State = TrialState.Cancelled,
            Score = part.Score,
            Error = $"budget ended after {part.FoldsDone} of {part.Folds} folds; score and model from those folds",
        };
        outcomes[idx] = new TrialOutcome(rec, part.Parameters, null, part.FoldModels);
        var lb = new Leaderboard(outcomes.Select(x => x.Record).ToList(), metric, higher);
        var member = new ModelMember(rec.Number, rec.Trainer, 1.0, false, part.Parameters.ToString());
        var model = new AutoMLModel(_ml, data.Schema, metric, [member], [part.FoldModels]);
        // Validation picture from the finished folds only: each fold model scores its own held-out rows.
        var rows = part.TestRows.SelectMany(r => r).ToArray();
        var truth = rows.Select(i => data.Truth[i]).ToArray();
        var preds = PredictionMatrix.Create(rows.Length, data.Width);
        int at = 0;
        for (int f = 0; f < part.FoldModels.Count; f++)
        {
            var p = PredictionExtractor.Extract(part.FoldModels[f].Transform(DataViewRows.Select(_ml, data.Data, part.TestRows[f])), data.Task, data.Width);
            p.Values.CopyTo(preds.Values, at * data.Width);
            at += p.Rows;
        }
        report("done", null);
        return new AutoMLResult
        {
            Leaderboard = lb, Model = model, BestSingleModel = model, EnsembleScore = part.Score, Schema = data.Schema,
            FinalModelReason = $"fallback: the budget ended before any trial finished all folds; trial #{rec.Number}'s {part.FoldsDone} finished fold model(s) averaged",
            Elapsed = clock.Elapsed, Options = o, Validation = new ValidationData(truth, preds, preds, part.FoldsDone, o.HoldoutFraction is not null) { TimeOrdered = data.Times is not null },
            Train = data,
        };
    }

    /// <summary>
    /// Seeded validation folds from DeepRoad.Pipelines.Splits: stratified k-fold (classification), shuffled k-fold
    /// (regression), or one stratified holdout; with <paramref name="repeats"/> above 1, that many k-fold partitions on
    /// differently seeded shuffles, one after the other (repeat r's folds are r*k .. r*k+k-1).
    /// </summary>
    internal static IReadOnlyList<Fold> MakeFolds(TrainingSet data, AutoMLOptions o, int repeats)
    {
        int n = data.Rows;
        int k = o.HoldoutFraction is { } h ? Math.Max(2, (int)Math.Round(1 / h)) : o.Folds;
        if (n < 2 * k) throw new DeepRoadDataException($"{n} training rows are too few for {k}-fold validation.");
        if (data.Groups is { } groups && groups.Distinct().Count() is var groupCount && groupCount < k)
            throw new DeepRoadDataException(o.HoldoutFraction is { } hf
                ? $"GroupColumn '{o.GroupColumn}' has {groupCount} group(s), too few for a holdout of {hf} (whole groups, split {k} ways): use a larger holdout fraction."
                : $"GroupColumn '{o.GroupColumn}' has {groupCount} group(s), fewer than the {k} validation folds: every fold needs a group of its own (use fewer folds, --folds).")
            { Column = o.GroupColumn };
        // Rare classes (fewer rows than folds) are allowed: they appear in some test folds only.
        IReadOnlyList<Fold> Split(int seed) => (data.Task, data.Groups) switch
        {
            (MLTask.Regression, null) => new KFold { Folds = k, Shuffle = true, Seed = seed }.Split(n),
            (MLTask.Regression, { } g) => new GroupKFold { Folds = k, Shuffle = true, Seed = seed }.Split(g),
            (_, null) => RichestFirst(new StratifiedKFold { Folds = k, Shuffle = true, Seed = seed, AllowSmallClasses = true }.Split(data.Truth), data.Truth),
            (_, { } g) => RichestFirst(new StratifiedGroupKFold { Folds = k, Shuffle = true, Seed = seed }.Split(data.Truth, g), data.Truth),
        };
        if (data.Times is { } times) return TimeOrderedFolds(times, k, o.HoldoutFraction);
        if (o.HoldoutFraction is not null) return Split(o.Seed).Take(1).ToList();
        // Repeat 0 uses the run's seed itself, so one repeat gives the same folds as before repeats existed.
        return Enumerable.Range(0, repeats).SelectMany(r => Split(r == 0 ? o.Seed : Seeds.Derive(o.Seed, -1 - r))).ToList();
    }

    /// <summary>
    /// Folds that train on the past and score the future (<see cref="AutoMLOptions.TimeOrderColumn"/>): with a holdout,
    /// the latest <paramref name="holdout"/> of the rows (at least one) against all before them; otherwise
    /// DeepRoad.Pipelines' expanding-window <see cref="TimeSeriesSplit"/> with <paramref name="k"/> splits, returned
    /// latest first, so that the first fold (the row-subsample step's) has the largest training window.
    /// </summary>
    internal static IReadOnlyList<Fold> TimeOrderedFolds(double[] times, int k, double? holdout)
    {
        int n = times.Length;
        if (holdout is { } h)
        {
            var order = Enumerable.Range(0, n).OrderBy(i => times[i]).ToArray();
            int test = Math.Clamp((int)Math.Round(n * h), 1, n - 1);
            return [new Fold(order[..(n - test)].Order().ToArray(), order[(n - test)..].Order().ToArray())];
        }
        if (n < 2 * (k + 1))
            throw new DeepRoadDataException($"{n} training rows are too few for time-ordered validation with {k} splits ({k + 1} blocks of at least 2 rows).");
        return new TimeSeriesSplit { Splits = k }.Split(times).Reverse().ToList();
    }

    /// <summary>
    /// With a group column, the nested cross-validation's fold of each evaluated row, whole groups to a fold (stratified
    /// for classification), at most <paramref name="folds"/> and at most the number of groups; null without groups.
    /// </summary>
    internal static int[]? NestedGroupFolds(TrainingSet data, int[] evalRows, float[] truth, int folds, int seed)
    {
        if (data.Groups is not { } all) return null;
        var groups = evalRows.Select(r => all[r]).ToArray();
        int k = Math.Min(folds, groups.Distinct().Count());
        if (k < 2) return [.. new int[groups.Length]];
        var split = data.Task == MLTask.Regression
            ? new GroupKFold { Folds = k, Shuffle = true, Seed = seed }.Split(groups)
            : new StratifiedGroupKFold { Folds = k, Shuffle = true, Seed = seed }.Split(truth, groups);
        var fold = new int[groups.Length];
        for (int f = 0; f < split.Count; f++) foreach (var i in split[f].TestIndices) fold[i] = f;
        return fold;
    }

    /// <summary>
    /// How many failed trials, with every trainer among them and nothing completed or pruned, stop the search as a
    /// failure of the data or set-up rather than of some configurations: twice the trainers, at least 10.
    /// </summary>
    internal static int EveryTrialFailedAfter(int trainers) => Math.Max(10, 2 * trainers);

    /// <summary>
    /// A warning naming the classes with fewer rows than validation folds (scikit-learn's StratifiedKFold warns the same):
    /// some folds' test parts hold none of them, and their out-of-fold scores rest on a row or two. Null when every class
    /// has a row per fold, and for regression.
    /// </summary>
    internal static string? RareClassWarning(TrainingSet data, int folds)
    {
        if (data.Task == MLTask.Regression) return null;
        var counts = new int[data.Width];
        foreach (var t in data.Truth) counts[(int)t]++;
        var rare = Enumerable.Range(0, counts.Length).Where(c => counts[c] < folds).ToList();
        if (rare.Count == 0) return null;
        const int Named = 5;
        string more = rare.Count > Named ? $" and {rare.Count - Named} more" : "";
        return $"{(rare.Count == 1 ? "class" : "classes")} {string.Join(", ", rare.Take(Named).Select(c => $"'{data.ClassNames[c]}' ({counts[c]} row{(counts[c] == 1 ? "" : "s")})"))}{more} " +
               $"{(rare.Count == 1 ? "has" : "have")} fewer rows than the {folds} validation folds: some folds hold none of {(rare.Count == 1 ? "it" : "them")}, and the scores on {(rare.Count == 1 ? "it rest" : "them rest")} on very few rows";
    }

    /// <summary>
    /// The folds rotated so that the first holds as many classes in its test rows as any fold does. The first fold is
    /// the one the row-subsample step scores on and the holdout, and a class rarer than the folds (4 positives in 5
    /// folds) is missing from some test parts: ROC-AUC on a test part without positives is undefined. Folds that already
    /// start with the most classes (every table whose classes each have at least k rows) are returned as they are.
    /// </summary>
    internal static IReadOnlyList<Fold> RichestFirst(IReadOnlyList<Fold> folds, float[] truth)
    {
        int Classes(Fold f) => f.TestIndices.Select(i => truth[i]).Distinct().Count();
        var counts = folds.Select(Classes).ToList();
        int best = counts.IndexOf(counts.Max());
        if (counts[best] == counts[0]) return folds;
        return folds.Skip(best).Concat(folds.Take(best)).ToList();
    }

    /// <summary>
    /// Completed trials best first, for the final model: the best starts Caruana selection and leads the stacks.
    /// Exact ties of a coarse metric (accuracy on 120 rows: a dozen configurations at 117 of 120) go to the trial whose
    /// out-of-fold probabilities are better (log-loss) rather than to the earliest; then to the trial number.
    /// </summary>
    internal static List<TrialOutcome> Rank(IReadOnlyList<TrialOutcome> complete, MetricKind metric, MLTask task, float[] truth)
    {
        var tieBreak = TieBreaks(metric, task)
            ? complete.Select(x => Metric.Compute(MetricKind.LogLoss, truth, x.Oof!, task)).ToList()
            : null;
        return FinalModelCrossValidation.Order(complete.Select(x => x.Record.Score!.Value).ToList(), tieBreak, complete.Select(x => x.Record.Number).ToList(), metric.HigherIsBetter())
            .Select(i => complete[i]).ToList();
    }

    /// <summary>Whether exact ties of <paramref name="metric"/> go to the better out-of-fold log-loss (classification, other metrics than log-loss).</summary>
    internal static bool TieBreaks(MetricKind metric, MLTask task) => task != MLTask.Regression && metric != MetricKind.LogLoss;

    /// <summary>
    /// Whether the run tunes the binary decision threshold: as <see cref="AutoMLOptions.CalibrateDecisionThreshold"/> asks,
    /// or, left automatic, for the metrics of <see cref="DecisionThreshold.TunedByDefault"/> on binary tasks. Asked for on
    /// another task, it is an error naming the option.
    /// </summary>
    internal static bool CalibratesThreshold(AutoMLOptions o, MetricKind metric, MLTask task)
    {
        if (o.CalibrateDecisionThreshold == true && task != MLTask.BinaryClassification)
            throw new ArgumentException($"CalibrateDecisionThreshold (--calibrate-threshold on) applies to binary classification; the task is {task}.");
        return task == MLTask.BinaryClassification && (o.CalibrateDecisionThreshold ?? DecisionThreshold.TunedByDefault(metric));
    }

    /// <summary>The tuned threshold in words, for the final model's reason.</summary>
    internal static string DescribeThreshold(ThresholdChoice t)
    {
        string name = MetricNames.ToName(t.Metric);
        string G(double v) => v.ToString("G5", System.Globalization.CultureInfo.InvariantCulture);
        string T(double v) => v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);
        string cv = t.CrossValidatedGain is { } g
            ? $"; thresholds tuned on four fifths of the rows change it by {(g >= 0 ? "+" : "")}{G(g)} on the fifth"
            : "";
        if (t.Threshold != DecisionThreshold.Default)
            return $"decision threshold {T(t.Threshold)} on P(true): out-of-fold {name} {G(t.Score)} there, {G(t.ScoreAtDefault)} at 0.5{cv}";
        if (t.BestThreshold == DecisionThreshold.Default)
            return $"decision threshold kept at 0.5: no other threshold scores a better out-of-fold {name} ({G(t.ScoreAtDefault)})";
        return t.CrossValidatedGain is null
            ? $"decision threshold kept at 0.5: too few rows of a class to test whether the best out-of-fold threshold ({T(t.BestThreshold)}) is more than their noise"
            : $"decision threshold kept at 0.5 ({name} {G(t.ScoreAtDefault)}): the best out-of-fold threshold, {T(t.BestThreshold)}, does not carry over to rows it was not tuned on{cv}";
    }

    /// <summary>The optimised metric: the requested one (checked against the task) or ROC-AUC / accuracy / RMSE.</summary>
    internal static MetricKind ResolveMetric(MetricKind? requested, MLTask task)
    {
        var kind = requested ?? (task == MLTask.MulticlassClassification ? MetricKind.Accuracy : MetricKindExtensions.DefaultFor(task));
        if (!kind.AppliesTo(task)) throw new ArgumentException($"metric (--metric) {MetricNames.ToName(kind)} does not fit the task {task}.");
        return kind;
    }

    /// <summary>Whether a deep trainer is searched when <see cref="AutoMLOptions.Trainers"/> names none: see <see cref="AutoMLOptions.AllowDeepModels"/>.</summary>
    private bool DeepAllowedByDefault(AutoMLTrainer t) => Options.AllowDeepModels ?? t == AutoMLTrainer.Cnn;

    internal IReadOnlyList<AutoMLTrainer> ResolveTrainers(TrainingSet data)
    {
        var task = data.Task;
        bool Has(AutoMLTrainer x) => AutoMLSpace.ReadsColumn(x) is not { } role || data.Schema.Columns.Any(c => c.Role == role);
        var wanted = Options.Trainers is { Count: > 0 } t
            ? t
            : AutoMLSpace.CostOrderFor(data.Schema)
                .Where(x => (AutoMLSpace.IsDeep(x) ? DeepAllowedByDefault(x) : AutoMLSpace.SearchedByDefault(x, data.Schema)) && Has(x)).ToList();
        if (Options.AllowDeepModels == false && wanted.Any(AutoMLSpace.IsDeep))
            throw new ArgumentException($"trainer {wanted.First(AutoMLSpace.IsDeep)} is a deep model, and AllowDeepModels (--deep) is false.");
        if (wanted.Any(x => !Has(x)) && wanted.First(x => !Has(x)) is var missing)
            throw new ArgumentException($"trainer {missing} needs a {AutoMLSpace.ReadsColumn(missing)} column; {data.Schema.Source} has none.");
        var ok = AutoMLSpace.CostOrderFor(data.Schema).Where(x => wanted.Contains(x) && AutoMLSpace.Supports(x, task)).ToList();
        if (ok.Count == 0) throw new ArgumentException($"none of the trainers {string.Join(", ", wanted)} supports {task}.");
        return ok;
    }
}
