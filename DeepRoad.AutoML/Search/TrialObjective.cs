using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Persistence;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// The DeepRoad.Tuning <see cref="IObjective"/> of an AutoML study: builds the trial's pipeline (DeepRoad.Pipelines
/// featurizer + trainer), runs the successive-halving stage on a row subsample (its loss reported at step 1 for the
/// pruner), then DeepRoad.Pipelines' <see cref="CrossValidator"/> on the run's folds, and returns the loss of the
/// pooled out-of-fold metric. Out-of-fold predictions and fold models go to the <see cref="TrialArchive"/>. The
/// objective returns soon after cancellation even when a fit ignores it (the fit is abandoned), so deadlines hold.
/// </summary>
internal sealed class TrialObjective : IObjective
{
    /// <summary>How long to wait for a cancelled fit to stop before abandoning it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

    public required AutoMLSpace Space { get; init; }
    public required TrainingSet Data { get; init; }
    public required IReadOnlyList<Fold> Folds { get; init; }
    /// <summary>How many k-fold partitions <see cref="Folds"/> holds, one after the other; out-of-fold predictions are averaged over them.</summary>
    public int Repeats { get; init; } = 1;
    /// <summary>Rows with out-of-fold predictions, in the order of the stored OOF matrices.</summary>
    public required int[] EvalRows { get; init; }
    public required float[] EvalTruth { get; init; }
    public required MetricKind Metric { get; init; }
    public required int Threads { get; init; }
    /// <summary>Threads of a tree-ensemble fit in the search (<see cref="AutoMLOptions.TreeThreads"/>).</summary>
    public int TreeThreads { get; init; } = 1;
    public required int Seed { get; init; }
    public required TrialArchive Archive { get; init; }
    /// <summary>Context used to serialize fold models into the archive.</summary>
    public required MLContext SaveContext { get; init; }
    public required Stopwatch Clock { get; init; }
    public required Action<TrialRecord> OnFinished { get; init; }
    public Func<AutoMLTrainer, int, IEstimator<ITransformer>, IEstimator<ITransformer>>? Decorator { get; init; }

    /// <summary>When the search ends (on <see cref="Clock"/>); null without a time budget (then no trial is stopped for its cost).</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>
    /// Once another trial has completed, a trial is stopped (recorded as pruned) when its estimated remaining cost is
    /// more than the search time left, or more than this share of it while its score so far is no better than the best
    /// completed trial's: on wide data one default of a slow trainer (FastTree on ten thousand text n-grams) would
    /// otherwise hold a worker for most of the budget that cheaper trainers could tune with, while a dear trial that
    /// leads (LightGbm on a 22-class text set) is let finish.
    /// </summary>
    public double MaxShareOfTimeLeft { get; init; } = 0.5;

    /// <summary>Loss of the best completed trial so far (infinite until one completes).</summary>
    private double _bestLoss = double.PositiveInfinity;
    private readonly object _bestGate = new();

    /// <summary>Running trials' cancellation, for the memory watchdog.</summary>
    public ConcurrentDictionary<int, CancellationTokenSource> Running { get; } = new();

    /// <summary>Finished folds of trials still running (or abandoned), for the deadline fallback.</summary>
    public ConcurrentDictionary<int, PartialTrial> Partials { get; } = new();

    /// <summary>Trials failed for the memory limit: their late-finishing folds are not kept in <see cref="Partials"/>.</summary>
    private readonly ConcurrentDictionary<int, byte> _overMemory = new();

    /// <summary>
    /// Drops a pruned or failed trial's finished fold models once some trial has completed. They are kept only as the
    /// deadline fallback, which is used when no trial completes; kept for every stopped trial, they grew a 300 s
    /// search's memory with each trial stopped for its cost after a fold or two (text pipelines carry their n-gram
    /// dictionaries in every fold model).
    /// </summary>
    private void ForgetFolds(int number)
    {
        bool anyComplete;
        lock (_bestGate) anyComplete = !double.IsPositiveInfinity(_bestLoss);
        if (anyComplete) Partials.TryRemove(number, out _);
    }

    /// <summary>Set by the memory watchdog before it cancels the running trials.</summary>
    public volatile string? MemoryError;

    /// <summary>
    /// The memory watchdog's look (<see cref="MemoryWatchdog.Check"/>), taken when a trial's fit returns: the error if
    /// the process is over the limit, when the trial is failed rather than kept. Null without a memory limit.
    /// </summary>
    public Func<string?>? MemoryGuard { get; set; }

    public double AsLoss(double value) => Metric.HigherIsBetter() ? -value : value;

    private int TrialSeed(int number) => Seeds.Derive(Seed, number);

    public async ValueTask<double> EvaluateAsync(Trial trial, CancellationToken cancellationToken)
    {
        // While the memory watchdog recovers from a breach (its cancelled trials wind down, then it collects and looks
        // again), a new trial waits: started now it would run over the limit. If the search is stopped meanwhile, the
        // trial goes on with a cancelled token and is recorded as cancelled.
        while (MemoryError is not null && !cancellationToken.IsCancellationRequested)
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        var p = trial.Parameters;
        var trainer = AutoMLSpace.TrainerOf(p);
        var record = new TrialRecord
        {
            Number = trial.Number, Trainer = trainer, Pipeline = Space.DescribePipeline(p), Parameters = AutoMLSpace.Numbers(p),
            State = TrialState.Complete, StartedAt = Clock.Elapsed,
        };
        var sw = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Running[trial.Number] = cts;
        var box = new StrongBox<TrialRecord>(record);
        TrialRecord Current() => box.Value!;
        // The cost check at each measured step (CheckCost in Run) cannot stop a fit that never reaches one: FastTree's
        // one-vs-all default on a 22-class text set fitted its row subsample for the whole 300 s budget, holding a worker
        // that SDCA could tune with. The watchdog reads a lower bound of the cost while the fit runs (what the unfinished
        // subsample or fold has taken so far) and stops the trial as soon as even that cannot finish in the time left.
        var probe = new CostProbe();
        using var watchdog = Deadline is null ? null : new Timer(_ => WatchCost(probe, box, cts), null, CostWatchPeriod, CostWatchPeriod);
        try
        {
            var work = Task.Run(() => Run(trial, p, box, cts.Token, probe), CancellationToken.None);
            var stopped = new TaskCompletionSource();
            // Why the trial was stopped is read when it is stopped: the watchdog sets MemoryError before it cancels,
            // and clears it (or cancels the whole search) about two seconds later, which on a loaded machine can come
            // before this method looks again.
            string? memoryAtCancel = null;
            using (cts.Token.Register(() => { memoryAtCancel ??= MemoryError; stopped.TrySetResult(); }))
                await Task.WhenAny(work, stopped.Task).ConfigureAwait(false);
            if (!work.IsCompleted) await Task.WhenAny(work, Task.Delay(Grace, CancellationToken.None)).ConfigureAwait(false);
            // A fit that returns over the memory limit is failed like one the watchdog stopped, however late its tick.
            if (work.IsCompletedSuccessfully && !cts.IsCancellationRequested && MemoryGuard?.Invoke() is { } overLimit)
            {
                memoryAtCancel ??= overLimit;
                try { cts.Cancel(); } catch (ObjectDisposedException) { }
            }
            record = Current() with { FitTime = sw.Elapsed };

            // A fit that finished although the watchdog had just stopped it for its cost is kept: the work is done.
            bool stoppedForCostOnly = probe.StoppedForCost && !cancellationToken.IsCancellationRequested && memoryAtCancel is null;
            if (work.IsCompletedSuccessfully && (!cts.IsCancellationRequested || stoppedForCostOnly))
            {
                var outcome = work.Result with { Record = record with { Score = work.Result.Record.Score, LogLoss = work.Result.Record.LogLoss, Error = stoppedForCostOnly ? null : record.Error } };
                lock (_bestGate) _bestLoss = Math.Min(_bestLoss, AsLoss(outcome.Record.Score!.Value));
                Archive.Save(outcome, SaveContext, Data.Data.Schema);
                Partials.TryRemove(trial.Number, out _);
                OnFinished(outcome.Record);
                return AsLoss(outcome.Record.Score!.Value);
            }
            var error = work.Exception?.InnerException;
            if (stoppedForCostOnly) error = new TrialPrunedException($"trial {trial.Number} stopped for its cost while fitting");
            if (error is TrialPrunedException pruned)
            {
                record = record with
                {
                    State = TrialState.Pruned,
                    Error = record.Error ?? (record.EpochLosses.Count > 0
                        ? $"pruned by successive halving on epochs (loss after epoch {record.EpochLosses.Count} in the worse half)"
                        : "pruned by successive halving on rows (subsample loss in the worse half)"),
                };
                Archive.Save(new TrialOutcome(record, p, null, null), SaveContext, Data.Data.Schema);
                ForgetFolds(trial.Number);
                OnFinished(record);
                throw pruned;
            }
            if (cts.IsCancellationRequested)
            {
                if ((memoryAtCancel ?? (cancellationToken.IsCancellationRequested ? null : MemoryError)) is { } memory)
                {
                    record = record with { State = TrialState.Failed, Error = memory };
                    Archive.Save(new TrialOutcome(record, p, null, null), SaveContext, Data.Data.Schema);
                    _overMemory.TryAdd(trial.Number, 0);
                    Partials.TryRemove(trial.Number, out _);
                    OnFinished(record);
                    throw new InsufficientMemoryException(memory);
                }
                record = record with
                {
                    State = TrialState.Cancelled,
                    Error = work.IsCompleted ? "cancelled (deadline or caller)" : "cancelled at the deadline (fit abandoned)",
                };
                if (Partials.TryGetValue(trial.Number, out var part)) Partials[trial.Number] = part with { Record = record };
                OnFinished(record);
                throw new OperationCanceledException(record.Error, error, cancellationToken);
            }
            record = record with { State = TrialState.Failed, Error = $"{error?.GetType().Name}: {error?.Message}" };
            Archive.Save(new TrialOutcome(record, p, null, null), SaveContext, Data.Data.Schema);
            ForgetFolds(trial.Number);
            OnFinished(record);
            throw error ?? new InvalidOperationException("the trial failed");
        }
        finally
        {
            Running.TryRemove(trial.Number, out _);
        }
    }

    /// <summary>
    /// The trial's full pipeline: the Pipelines featurizer, then the trainer (wrapped by the test seam). Tree trainers
    /// get <paramref name="treeThreads"/> threads, or the search's <see cref="TreeThreads"/>.
    /// </summary>
    public IEstimator<ITransformer> Pipeline(MLContext ml, ParameterSet p, int number, int seed, DeepTrainingHooks? hooks = null, int? treeThreads = null)
    {
        var trainer = TrainerPart(ml, p, number, seed, hooks, treeThreads ?? TreeThreads);
        var featurizer = Space.Featurizer(ml, p);
        // Trainers that pass over the data many times (SDCA epochs, L-BFGS iterations, the trees' binning passes) would
        // otherwise run the featurizer (tokenising and n-gram lookup for text) again on every pass: cache its output
        // while fitting. LightGbm builds its own dataset in one pass and the deep trainers copy the rows once.
        return CachesFeatures(AutoMLSpace.TrainerOf(p))
            ? new EstimatorChain<ITransformer>().Append(featurizer).AppendCacheCheckpoint(ml).Append(trainer)
            : featurizer.Append(trainer);
    }

    /// <summary>The trainer of a configuration as the pipeline fits it (label standardised where it needs it, and the test seam).</summary>
    private IEstimator<ITransformer> TrainerPart(MLContext ml, ParameterSet p, int number, int seed, DeepTrainingHooks? hooks, int treeThreads)
    {
        var trainer = Space.Trainer(ml, p, Threads, seed, hooks, treeThreads);
        if (StandardizesLabel(AutoMLSpace.TrainerOf(p), Data.Task)) trainer = new StandardizedLabelEstimator(ml, trainer);
        if (Decorator is not null) trainer = Decorator(AutoMLSpace.TrainerOf(p), number, trainer);
        return trainer;
    }

    /// <summary>
    /// The pipeline fitted on one part of the search's rows: <paramref name="part"/> is a fold's number, or -1 for the
    /// row subsample. Trainers that read the featurized vector take the part's featurized rows from
    /// <see cref="Features"/> (fitted once per featurizer options and part, shared between trials); the others, and all
    /// of them without a cache, fit <see cref="Pipeline"/> whole.
    /// </summary>
    private IEstimator<ITransformer> PartPipeline(MLContext ml, ParameterSet p, int number, int seed, DeepTrainingHooks? hooks, int part, CancellationToken ct)
    {
        var t = AutoMLSpace.TrainerOf(p);
        if (Features is null || AutoMLSpace.ReadsColumn(t) is not null) return Pipeline(ml, p, number, seed, hooks);
        return new SharedFeaturesEstimator(Features, Space.FeaturizerKey(p), part, c => Space.Featurizer(c, p), Space.Featurizer(ml, p),
            TrainerPart(ml, p, number, seed, hooks, TreeThreads), ct);
    }

    /// <summary>
    /// Featurized rows shared between trials (see <see cref="FeatureCache"/>); null fits every trial's featurizer itself.
    /// </summary>
    public FeatureCache? Features { get; init; }

    /// <summary>Fits the trainer on the cached featurized rows of its part; the model is the cached featurizer, then the trainer's.</summary>
    private sealed class SharedFeaturesEstimator(FeatureCache cache, DeepRoad.Pipelines.Featurization.FeaturizerOptions options, int part,
        Func<MLContext, IEstimator<ITransformer>> build, IEstimator<ITransformer> featurizer, IEstimator<ITransformer> trainer, CancellationToken ct) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var entry = cache.Get(options, part, build, input, ct);
            var model = trainer.Fit(entry.Rows);
            return new TransformerChain<ITransformer>(entry.Featurizer, model);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => trainer.GetOutputSchema(featurizer.GetOutputSchema(inputSchema));
    }

    /// <summary>
    /// Whether the trainer is fitted on a standardised label: SDCA regression (its steps assume a label of about unit
    /// scale). Trees split the same way at any scale, and the deep trainers standardise what they need themselves.
    /// </summary>
    internal static bool StandardizesLabel(AutoMLTrainer t, DeepRoad.Pipelines.MLTask task) => task == DeepRoad.Pipelines.MLTask.Regression && t == AutoMLTrainer.SdcaLinear;

    /// <summary>Whether the trainer reads its training data more than once (then the featurized rows are cached).</summary>
    internal static bool CachesFeatures(AutoMLTrainer t) =>
        t is AutoMLTrainer.SdcaLinear or AutoMLTrainer.LbfgsLinear or AutoMLTrainer.FastTree or AutoMLTrainer.FastForest;

    /// <summary>How often the watchdog looks at a running trial's cost.</summary>
    private static readonly TimeSpan CostWatchPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Why a trial that needs <paramref name="need"/> more seconds for <paramref name="foldsLeft"/> folds is stopped, or
    /// null when it may go on: never before some trial has completed (the run then has a model without this one); always
    /// when it needs more than the search time left; otherwise (unless <paramref name="hardLimitOnly"/>) when it needs more
    /// than <see cref="MaxShareOfTimeLeft"/> of that time and its score so far does not lead.
    /// </summary>
    private string? CostVerdict(double need, int foldsLeft, string basis, double scoreSoFar, bool hardLimitOnly, string estimate)
    {
        double best;
        lock (_bestGate) best = _bestLoss;
        if (Deadline is not { } deadline || double.IsPositiveInfinity(best) || foldsLeft <= 0) return null;
        double left = (deadline - Clock.Elapsed).TotalSeconds;
        bool leads = !double.IsNaN(scoreSoFar) && AsLoss(scoreSoFar) < best;
        if (need <= left && (hardLimitOnly || need <= MaxShareOfTimeLeft * left || leads)) return null;
        string so = double.IsNaN(scoreSoFar) ? "it has no score yet" : FormattableString.Invariant($"its {MetricNames.ToName(Metric)} so far ({scoreSoFar:G4}) does not beat the best completed trial's");
        string why = need > left
            ? FormattableString.Invariant($"more than the {Math.Max(0, left):0} s of search left")
            : FormattableString.Invariant($"over {MaxShareOfTimeLeft:P0} of the {left:0} s of search left, and {so}");
        return FormattableString.Invariant($"stopped for its cost: {estimate} {need:0} s more for {foldsLeft} fold(s) ({basis}), {why}");
    }

    /// <summary>
    /// The watchdog's look at a running trial (<see cref="CostProbe"/>): a lower bound of the cost still to come, from what
    /// the unfinished step has taken so far. While the row subsample (a third of a fold's rows) has been fitting for e
    /// seconds, each of the k folds will take at least e; while fold d has been fitting for c seconds, each fold after
    /// it will take at least the larger of c and the finished folds' mean. The trial is stopped only when even that
    /// bound is more than the search time left: it cannot finish. (The share rule of <see cref="CostVerdict"/> needs an
    /// estimate, not a bound, and is left to the checks in Run at each finished step.)
    /// </summary>
    private void WatchCost(CostProbe probe, StrongBox<TrialRecord> box, CancellationTokenSource cts)
    {
        if (probe.StoppedForCost || cts.IsCancellationRequested) return;
        double need;
        int foldsLeft;
        string basis;
        lock (probe)
        {
            double step = probe.Clock.Elapsed.TotalSeconds - probe.StepStarted;
            if (!probe.InFolds)
            {
                foldsLeft = Folds.Count;
                need = step * foldsLeft;
                basis = FormattableString.Invariant($"its row subsample, a third of a fold's rows, has been fitting for {step:0} s");
            }
            else
            {
                foldsLeft = Folds.Count - probe.FoldsDone - 1;
                need = Math.Max(step, probe.FoldsDone > 0 ? (probe.StepStarted - probe.FoldsStarted) / probe.FoldsDone : 0) * foldsLeft;
                basis = FormattableString.Invariant($"fold {probe.FoldsDone + 1} has been fitting for {step:0} s");
            }
        }
        if (CostVerdict(need, foldsLeft, basis, double.NaN, hardLimitOnly: true, "at least") is not { } error) return;
        lock (probe)
        {
            if (probe.StoppedForCost) return;
            probe.StoppedForCost = true;
        }
        box.Value = box.Value! with { Error = error };
        try { cts.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>What a running trial has spent so far, written by <see cref="Run"/> and read by <see cref="WatchCost"/>.</summary>
    private sealed class CostProbe
    {
        public readonly Stopwatch Clock = Stopwatch.StartNew();
        /// <summary>False while the row subsample is fitted, true once the folds are.</summary>
        public bool InFolds;
        /// <summary>When the current step (the subsample, or the current fold) began, in seconds on <see cref="Clock"/>.</summary>
        public double StepStarted;
        /// <summary>When the first fold began.</summary>
        public double FoldsStarted;
        public int FoldsDone;
        public volatile bool StoppedForCost;

        /// <summary>A fold starts, after <paramref name="done"/> finished ones (the first call ends the subsample step).</summary>
        public void EnterFold(int done)
        {
            lock (this)
            {
                double now = Clock.Elapsed.TotalSeconds;
                if (!InFolds) FoldsStarted = now;
                InFolds = true;
                StepStarted = now;
                FoldsDone = done;
            }
        }
    }

    private TrialOutcome Run(Trial trial, ParameterSet p, StrongBox<TrialRecord> box, CancellationToken ct, CostProbe probe)
    {
        int n = trial.Number, seed = TrialSeed(n);
        var ml = new MLContext(seed);
        using var reg = ct.Register(() => MLContextCancellation.Cancel(ml));
        var task = Data.Task;
        var hooks = new DeepTrainingHooks { CancellationToken = ct };

        bool deep = AutoMLSpace.IsDeep(AutoMLSpace.TrainerOf(p));
        var started = Stopwatch.StartNew();
        // Stops the trial when what it still needs (estimated from what it took so far) is more than its share of the
        // search time left, provided some trial has completed (so the run has a model without this one).
        void CheckCost(double secondsPerFold, int foldsLeft, string basis, double scoreSoFar, bool hardLimitOnly = false)
        {
            if (CostVerdict(secondsPerFold * foldsLeft, foldsLeft, basis, scoreSoFar, hardLimitOnly, "about") is not { } error) return;
            box.Value = box.Value! with { Error = error };
            throw new TrialPrunedException($"trial {n} stopped for its cost");
        }
        // Successive halving on rows: a third of the first fold's training rows, scored on its test rows; the
        // study's pruner (AutoMLPruner) compares that loss with earlier trials' at the same step. The trainers'
        // defaults (the first trials) are never pruned on it, since the search ranks trainers by their completed
        // trials, but they fit it too: it prices a fold early, so that a default too dear for the time left (boosted
        // trees on tens of thousands of n-grams, 40-50 s a fold) is stopped after a third of a fold, not after a fold.
        bool isDefault = n < Space.Trainers.Count;
        if (Data.Rows >= 300 && !deep)
        {
            var fold = Folds[0];
            var rows = SubsampleRows(Folds);
            var model = PartPipeline(ml, p, n, seed, hooks, part: -1, ct).Fit(DataViewRows.Select(ml, Data.Data, rows, ct));
            ct.ThrowIfCancellationRequested();
            var predictions = PredictionExtractor.Extract(model.Transform(DataViewRows.Select(ml, Data.Data, fold.TestIndices, ct)), task, Data.Width, ct);
            // NaN when the metric is undefined on these rows (ROC-AUC on a test part with one class, which the folds'
            // order avoids where any fold can): then the trial is neither scored nor pruned on its subsample.
            double sub = Pipelines.Metrics.Metric.ComputeOrNaN(Metric, fold.TestIndices.Select(i => Data.Truth[i]).ToArray(), predictions, task);
            box.Value = box.Value! with { SubsampleScore = double.IsNaN(sub) ? null : sub };
            if (!isDefault && !double.IsNaN(sub))
            {
                trial.Report(AutoMLPruner.SubsampleStep, AsLoss(sub));
                if (trial.ShouldPrune()) throw new TrialPrunedException($"trial {n} pruned on its row subsample");
            }
            // The subsample fit took a third of a fold's training rows: a fold costs about three times as much.
            // A default is stopped here only when its folds cannot finish in the time left: a score on a third of the
            // rows is no fair match for completed trials' full folds, and a dear default that leads after its first
            // fold (LightGbm on the 22-class corefx_issues, 0.75 against SDCA's 0.66) must be let finish.
            CheckCost(started.Elapsed.TotalSeconds * 3, Folds.Count, "from its row subsample", sub, hardLimitOnly: isDefault);
        }
        probe.EnterFold(done: 0);
        var cvStarted = Stopwatch.StartNew();

        // Deep trials: epoch-based successive halving on the first fold. Each epoch's monitored loss goes to the study;
        // when the pruner says stop, training stops and the trial ends as pruned after that fold.
        var epochLosses = new List<double>();
        bool prunedAtEpoch = false;
        DeepTrainingHooks FoldHooks(int fold) => !deep || fold != 0 ? hooks : hooks with
        {
            ShouldStop = (epoch, loss) =>
            {
                epochLosses.Add(loss);
                box.Value = box.Value! with { EpochLosses = epochLosses.ToList() };
                if (!double.IsFinite(loss)) return false;
                trial.Report(AutoMLPruner.EpochStep(epoch), loss);
                return prunedAtEpoch = trial.ShouldPrune();
            },
        };
        var models = new ITransformer?[Folds.Count];
        var foldScores = new double?[Folds.Count];
        int k = Folds.Count / Repeats;
        PredictionMatrix? oof = null;
        for (int r = 0; r < Repeats; r++)
        {
            int offset = r * k;
            // Repeat 0 keeps the trial's seed (one repeat is plain k-fold); later repeats seed the trainers afresh too.
            int repeatSeed = r == 0 ? seed : Seeds.Derive(seed, r);
            var options = new CrossValidationOptions
            {
                FoldAssignments = Folds.Skip(offset).Take(k).ToList(), Metrics = [Metric], Seed = repeatSeed,
                OnFoldCompleted = rep =>
                {
                    if (prunedAtEpoch) throw new TrialPrunedException($"trial {n} pruned after epoch {epochLosses.Count} of its first fold");
                    foldScores[offset + rep.Fold] = rep.Value;
                    var done = Enumerable.Range(0, Folds.Count).Where(f => models[f] is not null).ToList();
                    var scores = foldScores.Where(v => v is { } x && !double.IsNaN(x)).Select(v => v!.Value).ToList();
                    double mean = scores.Count > 0 ? scores.Average() : double.NaN;
                    Partials[n] = new PartialTrial(p, box.Value!, done.Select(f => models[f]!).ToList(), done.Select(f => Folds[f].TestIndices).ToList(),
                        double.IsNaN(mean) ? rep.RunningMean : mean, done.Count, Folds.Count);
                    // A fold that a trial failed for memory finishes after its failure (the fit ignored the cancel): its
                    // model is not kept as the deadline fallback. Checked after the store, so either side's removal holds.
                    if (_overMemory.ContainsKey(n)) Partials.TryRemove(n, out _);
                    double perFold = cvStarted.Elapsed.TotalSeconds / done.Count;
                    CheckCost(perFold, Folds.Count - done.Count, FormattableString.Invariant($"{perFold:0.0} s per fold so far"), mean);
                    probe.EnterFold(done: done.Count);
                    return true;
                },
            };
            var cv = CrossValidator.Run(ml, Data.Data,
                f => new Capturing(PartPipeline(ml, p, n, repeatSeed, FoldHooks(offset + f), offset + f, ct), m => models[offset + f] = m), task, options, null, ct);
            var repeatOof = cv.OutOfFold.SelectRows(EvalRows);
            if (oof is null) oof = repeatOof;
            else for (int i = 0; i < oof.Values.Length; i++) oof.Values[i] += repeatOof.Values[i];
        }
        if (Repeats > 1)
            for (int i = 0; i < oof!.Values.Length; i++) oof.Values[i] /= Repeats;
        double score = Pipelines.Metrics.Metric.Compute(Metric, EvalTruth, oof!, task);
        if (double.IsNaN(score)) throw new InvalidOperationException("the metric is NaN (the model produced invalid predictions).");
        double? logLoss = AutoMLExperiment.TieBreaks(Metric, task) ? Pipelines.Metrics.Metric.Compute(MetricKind.LogLoss, EvalTruth, oof!, task) : null;
        return new TrialOutcome(box.Value! with { Score = score, LogLoss = logLoss is { } l && !double.IsNaN(l) ? l : null }, p, oof, models.Select(m => m!).ToList());
    }

    /// <summary>The row subsample of successive halving: every third training row of the first fold.</summary>
    internal static int[] SubsampleRows(IReadOnlyList<Fold> folds) => folds[0].TrainIndices.Where((_, i) => i % 3 == 0).ToArray();

    /// <summary>Hands each fold's fitted model to a callback (kept for the ensemble and the deadline fallback).</summary>
    private sealed class Capturing(IEstimator<ITransformer> inner, Action<ITransformer> fitted) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var model = inner.Fit(input);
            fitted(model);
            return model;
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }
}
