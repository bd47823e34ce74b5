using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Bagging: N copies of one member, each fitted (in parallel, each with a seed drawn from the master seed)
/// on a bootstrap or pasting sample of rows and optionally a random subspace of the <c>Features</c> slots;
/// soft or hard vote for classification, mean for regression; optional out-of-bag score.
/// </summary>
public sealed class BaggingEstimator : EnsembleEstimator
{
    private readonly BaggingOptions _options;

    internal BaggingEstimator(MLContext context, BaggingOptions options) : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options.</summary>
    public BaggingOptions Options => _options;

    private bool Subspace => _options.MaxFeatures < 1 || _options.BootstrapFeatures;

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var task = MemberChecks.TaskFromShape(inputSchema, _options.LabelColumnName);
        if (Subspace) MemberChecks.RequireFeatures(inputSchema, _options.FeatureColumnName, "Random subspaces (MaxFeatures < 1)");
        bool soft = _options.Voting == VotingMode.Soft;
        var shape = MemberChecks.Check(_options.Member!, inputSchema, task, soft, "bagging");
        return MemberChecks.OutputShape(inputSchema, shape, task);
    }

    /// <inheritdoc />
    public override EnsembleModel Fit(IDataView input, CancellationToken cancellationToken, IProgress<EnsembleProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShapes.Create(input.Schema));
        var o = _options;
        var member = o.Member!;
        var task = TaskInfo.FromSchema(input.Schema, o.LabelColumnName);
        var data = Context.Data.Cache(input);
        var labels = ScoredRowReader.ReadLabels(data, task);
        int n = labels.Length, w = task.Width;
        if (n == 0) throw new ArgumentException("Bagging: the training data has no rows.");
        int d = Subspace ? FeatureWidth(data, o.FeatureColumnName) : 0;
        int samples = Math.Max(1, (int)Math.Round(o.MaxSamples * n));
        int slotsPer = Subspace ? Math.Max(1, (int)Math.Round(o.MaxFeatures * d)) : 0;
        var seeds = Seeds.Derive(o.Seed, 2 * o.NumberOfMembers);

        var counts = new int[o.NumberOfMembers][];
        var slots = new int[o.NumberOfMembers][];
        var baseViews = new IDataView[o.NumberOfMembers];
        var jobs = new FitJob[o.NumberOfMembers];
        for (int j = 0; j < o.NumberOfMembers; j++)
        {
            var rng = new Random(seeds[2 * j]);
            counts[j] = SampleRows(rng, n, samples, o.Bootstrap);
            slots[j] = Subspace ? SampleSlots(rng, d, slotsPer, o.BootstrapFeatures) : [];
            baseViews[j] = Subspace ? new AppendedDataView(data, FeatureComposer.Create(o.FeatureColumnName, 0, null, slots[j])) : data;
            jobs[j] = new FitJob(member, seeds[2 * j + 1], new RowCountsDataView(baseViews[j], counts[j]), $"bagging member {j + 1}/{o.NumberOfMembers}");
        }
        var models = MemberFitter.FitAll(jobs, o.MaxParallelism, cancellationToken, progress);

        var mode = !task.IsClassification ? OutputMode.Value
            : o.Voting == VotingMode.Soft ? OutputMode.Probabilities : OutputMode.HardLabel;
        var nodes = new PredictionNode[o.NumberOfMembers];
        var entries = new MemberEntry[o.NumberOfMembers];
        for (int j = 0; j < nodes.Length; j++)
        {
            string name = $"{member.Name}#{j + 1}";
            nodes[j] = new ModelNode(name, models[j], baseViews[j].Schema, mode, task,
                Subspace ? new FeatureSpec(o.FeatureColumnName, [], false, slots[j]) : null);
            entries[j] = new MemberEntry(new EnsembleMemberInfo(name, 1, 1.0 / nodes.Length), nodes[j]);
        }
        var combine = task.IsClassification && o.Voting == VotingMode.Hard ? CombineMode.HardVote : CombineMode.Average;
        var root = new CombinerNode(nodes, Enumerable.Repeat(1.0, nodes.Length).ToArray(), combine, task);

        double? oobScore = null;
        MetricKind? oobMetric = null;
        PredictionMatrix? oobPredictions = null;
        if (o.OutOfBagScore)
        {
            oobMetric = o.OutOfBagMetric ?? (task.IsClassification ? MetricKind.Accuracy : MetricKind.R2);
            (oobPredictions, oobScore) = OutOfBag(models, baseViews, counts, labels, task, mode, combine, oobMetric.Value, o.MaxParallelism, cancellationToken);
        }
        return new EnsembleModel(Context, EnsembleKind.Bagging, task, root, entries, null, 1, MemberChecks.DescribeColumns(input.Schema))
        {
            OutOfBagScore = oobScore,
            OutOfBagMetric = oobMetric,
            OutOfBagPredictions = oobPredictions,
        };
    }

    private static (PredictionMatrix, double) OutOfBag(ITransformer[] models, IDataView[] views, int[][] counts, float[] labels, TaskInfo task,
        OutputMode mode, CombineMode combine, MetricKind metric, int maxParallelism, CancellationToken ct)
    {
        int n = labels.Length, w = task.Width, m = models.Length;
        var parts = new float[m][];
        var masks = new int[m][];
        Parallel.For(0, m, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = ct }, j =>
        {
            masks[j] = counts[j].Select(c => c == 0 ? 1 : 0).ToArray();
            int rows = masks[j].Sum();
            parts[j] = rows == 0 ? [] : ScoredRowReader.ReadAll(models[j].Transform(new RowCountsDataView(views[j], masks[j])), mode, task, rows);
        });
        // Per row, combine the members that did not see it, with the ensemble's own rule.
        var perRow = new List<float[]>[n];
        for (int i = 0; i < n; i++) perRow[i] = [];
        for (int j = 0; j < m; j++)
        {
            int o = 0;
            for (int i = 0; i < n; i++)
            {
                if (masks[j][i] == 0) continue;
                perRow[i].Add(parts[j].AsSpan(o * w, w).ToArray());
                o++;
            }
        }
        var values = new float[n * w];
        Array.Fill(values, float.NaN);
        var covered = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (perRow[i].Count == 0) continue;
            covered.Add(i);
            CombinerNode.Combine(combine, task, perRow[i], Enumerable.Repeat(1.0, perRow[i].Count).ToArray(), values.AsSpan(i * w, w));
        }
        var all = new PredictionMatrix(n, w, values);
        if (covered.Count == 0) return (all, double.NaN);
        var sub = all.SelectRows(covered);
        var truth = covered.Select(i => labels[i]).ToArray();
        return (all, Metric.Compute(metric, truth, sub, task.Task));
    }

    internal static int[] SampleRows(Random rng, int n, int samples, bool bootstrap)
    {
        var counts = new int[n];
        if (bootstrap)
        {
            for (int s = 0; s < samples; s++) counts[rng.Next(n)]++;
            return counts;
        }
        var idx = Enumerable.Range(0, n).ToArray();
        for (int s = 0; s < samples; s++)
        {
            int r = s + rng.Next(n - s);
            (idx[s], idx[r]) = (idx[r], idx[s]);
            counts[idx[s]] = 1;
        }
        return counts;
    }

    internal static int[] SampleSlots(Random rng, int d, int k, bool withReplacement)
    {
        if (withReplacement) return Enumerable.Range(0, k).Select(_ => rng.Next(d)).OrderBy(x => x).ToArray();
        var idx = Enumerable.Range(0, d).ToArray();
        for (int s = 0; s < k; s++)
        {
            int r = s + rng.Next(d - s);
            (idx[s], idx[r]) = (idx[r], idx[s]);
        }
        return idx.Take(k).OrderBy(x => x).ToArray();
    }
}
