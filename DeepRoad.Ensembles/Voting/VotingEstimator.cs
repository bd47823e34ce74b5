using DeepRoad.Pipelines;
using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Voting / averaging: every member is fitted on all rows (in parallel); classification combines by
/// weighted soft vote (average of probabilities) or hard vote (weighted majority of predicted labels),
/// regression by weighted mean.
/// </summary>
public sealed class VotingEstimator : EnsembleEstimator
{
    private readonly VotingOptions _options;

    internal VotingEstimator(MLContext context, VotingOptions options) : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options.</summary>
    public VotingOptions Options => _options;

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var task = MemberChecks.TaskFromShape(inputSchema, _options.LabelColumnName);
        bool soft = _options.Mode == VotingMode.Soft;
        var shapes = _options.Members.Select(m => MemberChecks.Check(m, inputSchema, task, soft, soft ? "soft voting" : "hard voting")).ToArray();
        return MemberChecks.OutputShape(inputSchema, shapes[0], task);
    }

    /// <inheritdoc />
    public override EnsembleModel Fit(IDataView input, CancellationToken cancellationToken, IProgress<EnsembleProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShapes.Create(input.Schema));
        var o = _options;
        var task = TaskInfo.FromSchema(input.Schema, o.LabelColumnName);
        var data = Context.Data.Cache(input);
        var seeds = Seeds.Derive(o.Seed, o.Members.Count);
        var jobs = o.Members.Select((m, i) => new FitJob(m, seeds[i], data, "voting, fit on all rows")).ToArray();
        var models = MemberFitter.FitAll(jobs, o.MaxParallelism, cancellationToken, progress);
        var mode = !task.IsClassification ? OutputMode.Value
            : o.Mode == VotingMode.Soft ? OutputMode.Probabilities : OutputMode.HardLabel;
        var nodes = models.Select((m, i) => (PredictionNode)new ModelNode(o.Members[i].Name, m, data.Schema, mode, task, null)).ToArray();
        var weights = (o.Weights ?? Enumerable.Repeat(1.0, nodes.Length).ToArray()).ToArray();
        var combine = task.IsClassification && o.Mode == VotingMode.Hard ? CombineMode.HardVote : CombineMode.Average;
        var root = new CombinerNode(nodes, weights, combine, task);
        double total = weights.Sum();
        var entries = nodes.Select((n, i) => new MemberEntry(new EnsembleMemberInfo(o.Members[i].Name, 1, weights[i] / total), n)).ToArray();
        return new EnsembleModel(Context, EnsembleKind.Voting, task, root, entries, null, 1, MemberChecks.DescribeColumns(input.Schema));
    }
}
