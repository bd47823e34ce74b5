using System.Diagnostics;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Evaluation;
using DeepRoad.AutoML.Featurization;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Runs one trial: optional successive-halving stage on a row subsample of the first fold, then k-fold (or holdout)
/// validation keeping out-of-fold predictions and fold models. Cancellation reaches ML.NET through
/// MLContext cancellation (see MLContextCancellation).
/// </summary>
internal sealed class TrialRunner
{
    public required RawTable Table { get; init; }
    public required FoldPlan Plan { get; init; }
    public required MetricKind Metric { get; init; }
    public required int Threads { get; init; }
    public required float[] EvalTruth { get; init; }
    public Func<AutoMLTrainer, int, IEstimator<ITransformer>, IEstimator<ITransformer>>? Decorator { get; init; }

    public IEstimator<ITransformer> Pipeline(MLContext ml, TrialConfig cfg, int number, int seed, CancellationToken ct = default)
    {
        var schema = Table.Schema;
        IEstimator<ITransformer> trainer = TrainerSpaces.Trainer(ml, cfg, schema.Task, Threads, seed, ct);
        if (Decorator is not null) trainer = Decorator(cfg.Trainer, number, trainer);
        return FeaturizerFactory.Build(ml, schema, TrainerSpaces.Featurizer(cfg)).Append(trainer);
    }

    public static string DescribePipeline(DatasetSchema schema, TrialConfig cfg)
    {
        var o = TrainerSpaces.Featurizer(cfg);
        var steps = new List<string>();
        var f = schema.Features.ToList();
        if (f.Any(c => c.Kind == ColumnKind.Numeric))
            steps.Add(o.MissingIndicators && f.Any(c => c.Kind == ColumnKind.Numeric && c.MissingCount > 0) ? "impute(mean)+indicators" : "impute(mean)");
        if (f.Any(c => c.Kind == ColumnKind.Categorical)) steps.Add($"onehot(hash>{o.HashAboveCardinality})");
        if (f.Any(c => c.Kind == ColumnKind.Text)) steps.Add($"tfidf(word1-{o.WordNgrams}{(o.CharNgrams ? "+char3" : "")})");
        if (f.Any(c => c.Kind == ColumnKind.ImagePath)) steps.Add($"pixels({o.ImageSize}x{o.ImageSize} gray)");
        steps.Add("minmax");
        steps.Add(cfg.Trainer.ToString());
        return string.Join(" > ", steps);
    }

    // pruneAboveLoss: when set, run the subsample stage first and prune if its loss is above it.
    public TrialOutcome Run(TrialConfig cfg, int number, int seed, TimeSpan startedAt, double? pruneAboveLoss, CancellationToken ct,
        Action<PartialTrial>? onFold = null)
    {
        var sw = Stopwatch.StartNew();
        var schema = Table.Schema;
        var ml = new MLContext(seed);
        using var reg = ct.Register(() => MLContextCancellation.Cancel(ml));
        var record = new TrialRecord
        {
            Number = number, Trainer = cfg.Trainer, Pipeline = DescribePipeline(schema, cfg), Parameters = cfg.Parameters,
            State = TrialState.Complete, StartedAt = startedAt,
        };
        double? subScore = null;
        try
        {
            if (pruneAboveLoss is { } threshold)
            {
                // Successive halving on rows: a third of the first fold's training rows, scored on its test rows.
                var (train, test) = Plan.Folds[0];
                var sub = train.Where((_, i) => i % 3 == 0).ToArray();
                var m = Pipeline(ml, cfg, number, seed, ct).Fit(new TableDataView(Table, sub));
                ct.ThrowIfCancellationRequested();
                var p = PredictionExtractor.Extract(m.Transform(new TableDataView(Table, test)), schema.Task, schema.Width);
                var truth = test.Select(i => Table.Label![i]).ToArray();
                subScore = Pipelines.Metrics.Metric.Compute(Metric, truth, p, schema.Task);
                if (AutoMLExperiment.AsLoss(Metric, subScore.Value) > threshold)
                    return new TrialOutcome(record with { State = TrialState.Pruned, SubsampleScore = subScore, FitTime = sw.Elapsed }, cfg, null, null);
            }
            // k-fold (or holdout) validation on the run's fold plan (DeepRoad.Pipelines.Splits), fold by fold so that a
            // trial cut by the deadline still hands over its finished folds.
            var oof = PredictionMatrix.Create(Plan.EvalRows.Length, schema.Width);
            var models = new List<ITransformer>();
            var covered = new List<int>();
            foreach (var (train, test) in Plan.Folds)
            {
                ct.ThrowIfCancellationRequested();
                var model = Pipeline(ml, cfg, number, seed, ct).Fit(new TableDataView(Table, train));
                ct.ThrowIfCancellationRequested();
                var p = PredictionExtractor.Extract(model.Transform(new TableDataView(Table, test)), schema.Task, schema.Width);
                for (int i = 0; i < test.Length; i++) p.Row(i).CopyTo(oof.Row(Plan.Position[test[i]]));
                models.Add(model);
                covered.AddRange(test);
                if (onFold is not null)
                {
                    var pos = covered.Select(r => Plan.Position[r]).ToArray();
                    var truth = pos.Select(i => EvalTruth[i]).ToArray();
                    var preds = oof.SelectRows(pos);
                    onFold(new PartialTrial(cfg, record, models.ToList(), Pipelines.Metrics.Metric.Compute(Metric, truth, preds, schema.Task), models.Count, Plan.Folds.Count, truth, preds));
                }
            }
            double score = Pipelines.Metrics.Metric.Compute(Metric, EvalTruth, oof, schema.Task);
            if (double.IsNaN(score)) throw new InvalidOperationException("the metric is NaN (the model produced invalid predictions).");
            return new TrialOutcome(record with { Score = score, SubsampleScore = subScore, FitTime = sw.Elapsed }, cfg, oof, models);
        }
        catch (Exception ex) when (ct.IsCancellationRequested)
        {
            _ = ex;
            return new TrialOutcome(record with { State = TrialState.Cancelled, FitTime = sw.Elapsed, SubsampleScore = subScore, Error = "cancelled (deadline, memory limit or caller)" }, cfg, null, null);
        }
        catch (Exception ex)
        {
            return new TrialOutcome(record with { State = TrialState.Failed, FitTime = sw.Elapsed, SubsampleScore = subScore, Error = $"{ex.GetType().Name}: {ex.Message}" }, cfg, null, null);
        }
    }

    /// <summary>Fits the configuration on all training rows (the final refit of an ensemble member).</summary>
    public ITransformer Refit(TrialConfig cfg, int number, int seed, CancellationToken ct)
    {
        var ml = new MLContext(seed);
        using var reg = ct.Register(() => MLContextCancellation.Cancel(ml));
        return Pipeline(ml, cfg, number, seed, ct).Fit(new TableDataView(Table));
    }
}
