using System.Diagnostics;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Evaluation;
using DeepRoad.AutoML.Persistence;
using DeepRoad.AutoML.Search;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.AutoML;

/// <summary>
/// One AutoML run: infer the schema, search featurizer × trainer × hyperparameters under hard budgets on
/// parallel workers, then blend the best trials by Caruana ensemble selection over their out-of-fold predictions
/// and refit the members on all rows while time allows. Create it with <c>mlContext.DeepRoad().AutoML(options)</c>.
/// </summary>
public sealed class AutoMLExperiment
{
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

    /// <summary>Time left for ensemble selection and refitting after the search (fraction of the budget, at least 1 s).</summary>
    private static TimeSpan Reserve(TimeSpan budget) => TimeSpan.FromSeconds(Math.Max(1.0, Math.Min(10, budget.TotalSeconds * 0.1)));

    /// <summary>How long to wait for a cancelled fit to stop before abandoning it.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

    /// <summary>Runs AutoML on a CSV/TSV file with a header row.</summary>
    public Task<AutoMLResult> FitAsync(string trainPath, IProgress<AutoMLProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (cells, schema) = TableLoading.LoadTraining(trainPath, Options);
        return FitAsync(cells, schema, progress, cancellationToken);
    }

    /// <summary>Runs AutoML on an in-memory data view (scalar number, boolean and text columns).</summary>
    public Task<AutoMLResult> FitAsync(IDataView train, IProgress<AutoMLProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (cells, schema) = TableLoading.FromDataView(train, Options);
        return FitAsync(cells, schema, progress, cancellationToken);
    }

    private async Task<AutoMLResult> FitAsync(CsvText csv, DatasetSchema schema, IProgress<AutoMLProgress>? progress, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var o = Options;
        var table = RawTable.FromCsv(csv, schema, requireLabel: true);
        var metric = ResolveMetric(o.Metric, schema.Task);
        bool higher = metric.HigherIsBetter();
        var plan = FoldPlan.Create(table.Label!, schema.Task, o.Folds, o.HoldoutFraction, o.Seed);
        var truth = plan.EvalRows.Select(i => table.Label![i]).ToArray();
        var trainers = ResolveTrainers(schema.Task);
        var runner = new TrialRunner { Table = table, Plan = plan, Metric = metric, Threads = o.TrainerThreads, EvalTruth = truth, Decorator = TrainerDecorator };
        var proposer = new ConfigProposer(trainers, schema, o.Seed);
        var inputSchema = new TableDataView(RawTable.Empty(schema), includeLabel: false).Schema;
        using var store = o.StudyPath is null ? null : new StudyStore(o.StudyPath,
            $"label={o.LabelColumn};task={schema.Task};metric={metric};rows={table.RowCount};cols={schema.Columns.Count};folds={o.Folds};holdout={o.HoldoutFraction};seed={o.Seed}");

        TimeSpan? searchEnd = o.TimeBudget is { } b ? b - Reserve(b) : null;
        var outcomes = new List<TrialOutcome>();
        var bestLock = new object();
        TrialRecord? best = null;
        int finished = 0;
        void Report(string phase, TrialRecord? t) =>
            progress?.Report(new AutoMLProgress(phase, t, finished, best?.Score, best?.Trainer, clock.Elapsed, o.TimeBudget, o.MaxTrials));
        void Finished(TrialOutcome r)
        {
            lock (bestLock)
            {
                finished++;
                var rec = r.Record;
                if (rec.State == TrialState.Complete && (best is null || (higher ? rec.Score > best.Score : rec.Score < best.Score))) best = rec;
                Report("search", rec);
            }
        }

        CancellationTokenSource? currentBatch = null;
        string? memoryError = null;
        using var watchdog = o.MemoryLimitBytes is { } limit
            ? new Timer(_ =>
            {
                long ws = Environment.WorkingSet;
                var batch = Volatile.Read(ref currentBatch);
                if (ws > limit && batch is not null && memoryError is null)
                {
                    memoryError = $"memory limit exceeded ({ws >> 20} MiB > {limit >> 20} MiB); trial cancelled.";
                    try { batch.Cancel(); } catch (ObjectDisposedException) { }
                }
            }, null, 200, 200)
            : null;

        Report("search", null);
        var partials = new Dictionary<int, PartialTrial>();
        int number = 0;
        var abandoned = new List<Task>();
        while (!ct.IsCancellationRequested)
        {
            var remaining = searchEnd is { } end ? end - clock.Elapsed : Timeout.InfiniteTimeSpan;
            if (searchEnd is not null && remaining <= TimeSpan.Zero) break;
            if (o.MaxTrials is { } max && number >= max) break;
            int size = Math.Min(o.Workers, o.MaxTrials is { } m2 ? m2 - number : int.MaxValue);
            var history = outcomes.Select(x => (x.Config, x.Record.State == TrialState.Complete ? (double?)AsLoss(metric, x.Record.Score!.Value) : null)).ToList();
            var configs = proposer.Next(number, size, history);
            // Defaults (one per trainer) skip the subsample stage: they come first and are cheap.
            double? pruneAbove = number < trainers.Count ? null : PruneThreshold(outcomes, metric, table.RowCount);

            using var batchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (searchEnd is not null) batchCts.CancelAfter(remaining);
            Volatile.Write(ref currentBatch, batchCts);
            var tasks = new List<Task<TrialOutcome>>();
            for (int i = 0; i < configs.Count; i++)
            {
                int n = number + i;
                var cfg = configs[i];
                int seed = unchecked(o.Seed * 1_000_003 + n);
                var started = clock.Elapsed;
                tasks.Add(Task.Run(() =>
                {
                    var stored = store?.TryLoad(n, cfg, plan.EvalRows.Length, schema.Width, _ml);
                    var r = stored ?? runner.Run(cfg, n, seed, started, pruneAbove, batchCts.Token,
                        part => { lock (partials) partials[n] = part; });
                    if (r.Record.State == TrialState.Cancelled && memoryError is not null)
                        r = r with { Record = r.Record with { State = TrialState.Failed, Error = memoryError } };
                    if (stored is null && r.Record.State != TrialState.Cancelled) store?.Save(r, _ml, inputSchema);
                    Finished(r);
                    return r;
                }, CancellationToken.None));
            }
            number += configs.Count;
            var all = Task.WhenAll(tasks);
            // Wait for the batch; once the batch is cancelled, give running fits a short grace period, then abandon them.
            var stop = Task.Delay(Timeout.Infinite, batchCts.Token).ContinueWith(_ => Task.Delay(Grace), TaskScheduler.Default).Unwrap();
            await Task.WhenAny(all, stop).ConfigureAwait(false);
            for (int i = 0; i < tasks.Count; i++)
            {
                if (tasks[i].IsCompletedSuccessfully) outcomes.Add(tasks[i].Result);
                else
                {
                    abandoned.Add(tasks[i]);
                    var cfg = configs[i];
                    outcomes.Add(new TrialOutcome(new TrialRecord
                    {
                        Number = number - configs.Count + i, Trainer = cfg.Trainer, Pipeline = TrialRunner.DescribePipeline(schema, cfg),
                        Parameters = cfg.Parameters, State = TrialState.Cancelled, Error = "cancelled at the deadline (fit abandoned)",
                    }, cfg, null, null));
                }
            }
            Volatile.Write(ref currentBatch, null);
            if (memoryError is not null)
            {
                // Free what the cancelled trials held, then let the search go on (stop if the data alone exceeds the limit).
                GC.Collect();
                GC.WaitForPendingFinalizers();
                if (Environment.WorkingSet > o.MemoryLimitBytes) break;
                memoryError = null;
            }
        }
        outcomes.Sort((a, b) => a.Record.Number.CompareTo(b.Record.Number));
        var leaderboard = new Leaderboard(outcomes.Select(x => x.Record).ToList(), metric, higher);
        var complete = outcomes.Where(x => x.Record.State == TrialState.Complete && x.Oof is not null && x.FoldModels is not null).ToList();
        if (complete.Count == 0)
        {
            // Nothing finished every fold: fall back to the best trial's finished folds (never throw finished work away).
            PartialTrial? part;
            lock (partials) part = partials.Values.OrderBy(p => AsLoss(metric, p.Score)).ThenBy(p => p.Record.Number).FirstOrDefault();
            if (part is not null)
            {
                int idx = outcomes.FindIndex(x => x.Record.Number == part.Record.Number);
                var rec = outcomes[idx].Record with
                {
                    Score = part.Score,
                    Error = $"budget ended after {part.FoldsDone} of {part.Folds} folds; score and model from those folds",
                };
                outcomes[idx] = new TrialOutcome(rec, part.Config, null, part.FoldModels);
                var lb2 = new Leaderboard(outcomes.Select(x => x.Record).ToList(), metric, higher);
                var member = new ModelMember(rec.Number, rec.Trainer, 1.0, false, part.Config.Describe());
                var fallback = new AutoMLModel(_ml, schema, metric, [member], [part.FoldModels]);
                Report("done", null);
                return new AutoMLResult
                {
                    Leaderboard = lb2, Model = fallback, BestSingleModel = fallback, EnsembleScore = part.Score, Schema = schema,
                    Elapsed = clock.Elapsed, Options = o, Validation = new ValidationData(part.Truth, part.Predictions, part.Predictions, part.FoldsDone, o.HoldoutFraction is not null),
                    TrainTable = table,
                };
            }
            throw new InvalidOperationException(
                $"no trial completed within the budget ({outcomes.Count} started: {string.Join("; ", outcomes.Take(3).Select(x => $"{x.Record.Trainer} {x.Record.State} {x.Record.Error}"))}); raise the time budget (--time) or the memory limit.");
        }

        // Ensemble: Caruana selection over the best trials' out-of-fold predictions.
        Report("ensemble", null);
        var ranked = complete.OrderBy(x => AsLoss(metric, x.Record.Score!.Value)).ThenBy(x => x.Record.Number).ToList();
        var library = ranked.Take(20).ToList();
        int[] counts = o.Ensemble && library.Count > 1
            ? EnsembleSelection.Select(library.Select(x => x.Oof!).ToList(), truth, schema.Task,
                new EnsembleSelectionOptions { Metric = metric, Iterations = Math.Max(1, o.EnsembleRounds - 1), InitialBestN = 1 }).Counts.ToArray()
            : [1, .. new int[library.Count - 1]];
        var chosen = library.Select((x, i) => (x, w: counts[i])).Where(p => p.w > 0).ToList();
        int totalW = chosen.Sum(p => p.w);
        var ensembleOof = AutoMLModel.Blend(chosen.Select(p => p.x.Oof!).ToList(), chosen.Select(p => (double)p.w).ToList());
        double ensembleScore = Metric.Compute(metric, truth, ensembleOof, schema.Task);

        // Refit chosen members on all rows while the budget allows; otherwise average their fold models.
        Report("refit", null);
        var refits = new Dictionary<int, ITransformer>();
        foreach (var (x, _) in chosen.OrderByDescending(p => p.w))
        {
            var estimate = x.Record.FitTime / Math.Max(1, plan.Folds.Count) * 1.5;
            using var refitCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (o.TimeBudget is { } budget)
            {
                var left = budget - clock.Elapsed - TimeSpan.FromSeconds(0.5);
                if (left < estimate * 1.5 || left <= TimeSpan.Zero) continue;
                refitCts.CancelAfter(left);
            }
            if (ct.IsCancellationRequested) break;
            int seed = unchecked(o.Seed * 1_000_003 + x.Record.Number);
            var task = Task.Run(() => runner.Refit(x.Config, x.Record.Number, seed, refitCts.Token), CancellationToken.None);
            var stop = Task.Delay(Timeout.Infinite, refitCts.Token).ContinueWith(_ => Task.Delay(Grace), TaskScheduler.Default).Unwrap();
            await Task.WhenAny(task, stop).ConfigureAwait(false);
            if (task.IsCompletedSuccessfully && !refitCts.IsCancellationRequested) refits[x.Record.Number] = task.Result;
        }

        AutoMLModel Build(IReadOnlyList<(TrialOutcome x, int w)> members)
        {
            int tw = members.Sum(p => p.w);
            var infos = members.Select(p => new ModelMember(p.x.Record.Number, p.x.Record.Trainer, (double)p.w / tw,
                refits.ContainsKey(p.x.Record.Number), p.x.Config.Describe())).ToList();
            var models = members.Select(p => refits.TryGetValue(p.x.Record.Number, out var r) ? (IReadOnlyList<ITransformer>)[r] : p.x.FoldModels!).ToList();
            return new AutoMLModel(_ml, schema, metric, infos, models);
        }
        var final = Build(chosen);
        var bestSingle = Build([(ranked[0], 1)]);
        Report("done", null);
        return new AutoMLResult
        {
            Leaderboard = leaderboard,
            Model = final,
            BestSingleModel = bestSingle,
            EnsembleScore = ensembleScore,
            Schema = schema,
            Elapsed = clock.Elapsed,
            Options = o,
            Validation = new ValidationData(truth, ensembleOof, ranked[0].Oof!, plan.Folds.Count, o.HoldoutFraction is not null),
            TrainTable = table,
        };
    }

    /// <summary>The metric as a loss (lower is better), for optimisers and ranking.</summary>
    internal static double AsLoss(MetricKind metric, double value) => metric.HigherIsBetter() ? -value : value;

    /// <summary>The optimised metric: the requested one (checked against the task) or ROC-AUC / accuracy / RMSE.</summary>
    internal static MetricKind ResolveMetric(MetricKind? requested, MLTask task)
    {
        var kind = requested ?? (task == MLTask.MulticlassClassification ? MetricKind.Accuracy : MetricKindExtensions.DefaultFor(task));
        if (!kind.AppliesTo(task)) throw new ArgumentException($"metric (--metric) {MetricNames.ToName(kind)} does not fit the task {task}.");
        return kind;
    }

    private IReadOnlyList<AutoMLTrainer> ResolveTrainers(MLTask task)
    {
        var wanted = Options.Trainers is { Count: > 0 } t ? t : TrainerSpaces.CostOrder.Where(x => x != AutoMLTrainer.Mlp || Options.AllowDeepModels).ToList();
        if (wanted.Contains(AutoMLTrainer.Mlp) && !Options.AllowDeepModels)
            throw new ArgumentException("trainer Mlp needs AllowDeepModels = true.");
        var ok = TrainerSpaces.CostOrder.Where(x => wanted.Contains(x) && TrainerSpaces.Supports(x, task)).ToList();
        if (ok.Count == 0) throw new ArgumentException($"none of the trainers {string.Join(", ", wanted)} supports {task}.");
        return ok;
    }

    /// <summary>
    /// Successive halving on rows: once 6 trials have subsample scores, a new trial whose subsample loss is worse
    /// than the median of earlier ones stops there. Small data (under 300 rows) skips the stage.
    /// </summary>
    private static double? PruneThreshold(List<TrialOutcome> outcomes, MetricKind metric, int rows)
    {
        if (rows < 300) return null;
        var sub = outcomes.Where(x => x.Record.SubsampleScore is not null).Select(x => AsLoss(metric, x.Record.SubsampleScore!.Value)).OrderBy(v => v).ToList();
        if (outcomes.Count < 6) return double.PositiveInfinity; // record subsample scores without pruning yet
        if (sub.Count < 6) return double.PositiveInfinity;
        return sub[sub.Count / 2];
    }
}
