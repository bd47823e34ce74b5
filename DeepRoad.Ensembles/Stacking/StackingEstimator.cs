using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Stacking: level-0 members produce out-of-fold predictions (probabilities for classification, P(true)
/// only for binary; values for regression) on stratified folds; a meta-learner is trained on them,
/// optionally with the original features; members are refitted on all rows (or bagged over the folds).
/// With several layers, layer k is trained on layer k-1's out-of-fold outputs plus the original features.
/// </summary>
public sealed class StackingEstimator : EnsembleEstimator
{
    private readonly StackingOptions _options;

    internal StackingEstimator(MLContext context, StackingOptions options) : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options (a copy is never needed: options are immutable records).</summary>
    public StackingOptions Options => _options;

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var task = MemberChecks.TaskFromShape(inputSchema, _options.LabelColumnName);
        var layers = _options.ResolvedLayers();
        if (layers.Count > 1 || _options.Passthrough)
            MemberChecks.RequireFeatures(inputSchema, _options.FeatureColumnName, layers.Count > 1 ? "Multi-layer stacking" : "Passthrough");
        for (int l = 0; l < layers.Count; l++)
            foreach (var m in layers[l])
                MemberChecks.Check(m, inputSchema, task, needProbabilities: true, $"stacking layer {l + 1}");
        var meta = _options.MetaLearner ?? MetaLearners.Default(task, _options.LabelColumnName, _options.FeatureColumnName); // same shape as the cross-validated default
        var metaOut = MemberChecks.Check(meta, inputSchema, task, needProbabilities: true, "meta-learner");
        return MemberChecks.OutputShape(inputSchema, metaOut, task);
    }

    /// <inheritdoc />
    public override EnsembleModel Fit(IDataView input, CancellationToken cancellationToken, IProgress<EnsembleProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShapes.Create(input.Schema));
        var o = _options;
        var task = TaskInfo.FromSchema(input.Schema, o.LabelColumnName);
        var data = Context.Data.Cache(input);
        var labels = ScoredRowReader.ReadLabels(data, task);
        int n = labels.Length;
        if (o.Folds > n) throw new ArgumentException($"Folds ({o.Folds}) cannot exceed the number of training rows ({n}).", nameof(o.Folds));

        var layers = o.ResolvedLayers();
        var seeds = Seeds.Derive(o.Seed, o.Repeats + layers.Count + 1);
        var folds = Enumerable.Range(0, o.Repeats)
            .Select(r => FoldAssignment.Assign(labels, o.Folds, task.IsClassification, seeds[r])).ToArray();
        int[] allSlots = layers.Count > 1 || o.Passthrough
            ? Enumerable.Range(0, FeatureWidth(data, o.FeatureColumnName)).ToArray()
            : [];
        bool drop = task.Task == MLTask.BinaryClassification;

        IReadOnlyList<PredictionNode> prevNodes = [];
        float[] prevOof = [];
        int prevWidth = 0;
        var entries = new List<MemberEntry>();
        var oofs = new List<MemberOutOfFold>();
        var allResults = new List<OofResult>();
        for (int l = 0; l < layers.Count; l++)
        {
            IDataView view = data;
            FeatureSpec? spec = null;
            if (l > 0)
            {
                view = new AppendedDataView(data, FeatureComposer.FromOutOfFold(o.FeatureColumnName, prevOof, prevWidth, allSlots));
                spec = new FeatureSpec(o.FeatureColumnName, prevNodes, drop, allSlots);
            }
            var results = OutOfFoldRunner.Run(layers[l], view, spec, task, folds, o.Folds, o.ResolvedBagMembers(), seeds[o.Repeats + l],
                o.MaxParallelism, cancellationToken, progress, $"stacking layer {l + 1}");
            foreach (var r in results)
            {
                entries.Add(new MemberEntry(new EnsembleMemberInfo(layers.Count > 1 ? $"L{l + 1}/{r.Member.Name}" : r.Member.Name, l + 1, double.NaN), r.Node));
                oofs.Add(new MemberOutOfFold(r.Member.Name, l + 1, new PredictionMatrix(n, task.Width, r.Oof)));
            }
            allResults.AddRange(results);
            (prevOof, prevWidth) = Stack(results, n, task);
            prevNodes = results.Select(r => r.Node).ToArray();
        }
        if (o.MetaLearnerSeesAllLayers && layers.Count > 1)
        {
            // Skip connections: the meta-learner weighs every layer's out-of-fold outputs, so a later layer that overfits
            // (few rows, many inputs) can be down-weighted instead of replacing the earlier layers' predictions.
            (prevOof, prevWidth) = Stack(allResults, n, task);
            prevNodes = allResults.Select(r => r.Node).ToArray();
        }

        var meta = o.MetaLearner ?? (o.CrossValidateMetaLearner
            ? MetaLearners.CrossValidated(task.Task, o.LabelColumnName, o.FeatureColumnName, folds: o.Folds, seed: seeds[^1])
            : MetaLearners.Default(task.Task, o.LabelColumnName, o.FeatureColumnName));
        int[] metaSlots = o.Passthrough ? allSlots : [];
        var metaView = new AppendedDataView(data, FeatureComposer.FromOutOfFold(o.FeatureColumnName, prevOof, prevWidth, metaSlots));
        var metaModel = MemberFitter.Fit(new FitJob(meta, seeds[^1], metaView, "meta-learner"), cancellationToken);
        var root = new ModelNode(meta.Name, metaModel, metaView.Schema,
            task.IsClassification ? OutputMode.Probabilities : OutputMode.Value, task,
            new FeatureSpec(o.FeatureColumnName, prevNodes, drop, metaSlots));
        return new EnsembleModel(Context, EnsembleKind.Stacking, task, root, entries, meta.Name, layers.Count,
            MemberChecks.DescribeColumns(input.Schema))
        {
            OutOfFold = oofs,
        };
    }

    /// <summary>Row-wise concatenation of members' OOF outputs (binary: P(true) only).</summary>
    internal static (float[] Values, int Width) Stack(IReadOnlyList<OofResult> results, int n, TaskInfo task)
    {
        int sw = task.StackedWidth, w = task.Width, width = sw * results.Count;
        var values = new float[(long)n * width];
        for (int m = 0; m < results.Count; m++)
        {
            var oof = results[m].Oof;
            for (int i = 0; i < n; i++)
            {
                if (task.Task == MLTask.BinaryClassification) values[i * width + m] = oof[i * 2 + 1];
                else Array.Copy(oof, i * w, values, i * width + m * w, w);
            }
        }
        return (values, width);
    }
}
