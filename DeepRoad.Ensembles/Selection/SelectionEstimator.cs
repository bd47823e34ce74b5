using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Ensemble selection as an estimator: fits every member on k folds to get out-of-fold predictions,
/// runs <see cref="EnsembleSelection.Select"/> on them, refits the selected members on all rows and
/// averages them with the selected integer weights.
/// </summary>
public sealed class SelectionEstimator : EnsembleEstimator
{
    private readonly SelectionOptions _options;

    internal SelectionEstimator(MLContext context, SelectionOptions options) : base(context)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The options.</summary>
    public SelectionOptions Options => _options;

    /// <inheritdoc />
    public override SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var task = MemberChecks.TaskFromShape(inputSchema, _options.LabelColumnName);
        var shapes = _options.Members.Select(m => MemberChecks.Check(m, inputSchema, task, needProbabilities: true, "selection library")).ToArray();
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
        var labels = ScoredRowReader.ReadLabels(data, task);
        int n = labels.Length;
        if (o.Folds > n) throw new ArgumentException($"Folds ({o.Folds}) cannot exceed the number of training rows ({n}).", nameof(o.Folds));
        var seeds = Seeds.Derive(o.Seed, 2);
        var folds = FoldAssignment.Assign(labels, o.Folds, task.IsClassification, seeds[0]);
        var results = OutOfFoldRunner.Run(o.Members, data, null, task, [folds], o.Folds, bagged: false, seeds[1],
            o.MaxParallelism, cancellationToken, progress, "selection");
        var metric = o.Metric ?? (task.IsClassification ? MetricKind.LogLoss : MetricKind.Rmse);
        var library = results.Select(r => new PredictionMatrix(n, task.Width, r.Oof)).ToArray();
        var selection = EnsembleSelection.Select(library, labels, task.Task,
            new EnsembleSelectionOptions { Metric = metric, Iterations = o.Iterations, InitialBestN = o.InitialBestN });

        var chosen = Enumerable.Range(0, results.Length).Where(i => selection.Counts[i] > 0).ToArray();
        var root = new CombinerNode(chosen.Select(i => results[i].Node).ToArray(),
            chosen.Select(i => (double)selection.Counts[i]).ToArray(), CombineMode.Average, task);
        var entries = chosen.Select(i => new MemberEntry(new EnsembleMemberInfo(results[i].Member.Name, 1, selection.Weights[i]), results[i].Node)).ToArray();
        return new EnsembleModel(Context, EnsembleKind.Selection, task, root, entries, null, 1, MemberChecks.DescribeColumns(input.Schema))
        {
            OutOfFold = results.Select((r, i) => new MemberOutOfFold(r.Member.Name, 1, library[i])).ToArray(),
            Selection = selection,
        };
    }
}
