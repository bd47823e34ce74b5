using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// A fitted ensemble: an ML.NET <see cref="ITransformer"/> that appends the standard scored columns
/// (binary <c>Score</c>/<c>Probability</c>/<c>PredictedLabel</c>; multiclass <c>Score</c> vector of class
/// probabilities and <c>PredictedLabel</c> with the label's key type; regression <c>Score</c>).
/// Works with batch <see cref="Transform"/> and <c>PredictionEngine</c>; saves to one zip file with
/// <see cref="Save(string)"/> and loads with <see cref="Load(MLContext, string)"/>. As an
/// <see cref="IPersistableTransformer"/> it can also sit inside a larger pipeline saved with <see cref="TransformerArchive"/>.
/// </summary>
public sealed class EnsembleModel : IPersistableTransformer<EnsembleModel>
{
    private readonly TaskInfo _task;

    internal EnsembleModel(MLContext context, EnsembleKind kind, TaskInfo task, PredictionNode root,
        IReadOnlyList<MemberEntry> members, string? metaLearner, int layers, IReadOnlyList<string> inputColumns)
    {
        Context = context;
        Kind = kind;
        _task = task;
        Root = root;
        MemberEntries = members;
        MetaLearner = metaLearner;
        Layers = layers;
        InputColumns = inputColumns;
    }

    internal MLContext Context { get; }
    internal PredictionNode Root { get; }
    internal IReadOnlyList<MemberEntry> MemberEntries { get; }
    internal TaskInfo TaskInfo => _task;

    /// <summary>
    /// The highest manifest format version this build writes and reads: 1 when every member is a plain ML.NET model,
    /// 2 when some member is a <see cref="TransformerArchive"/> (for example a TorchSharp model).
    /// </summary>
    public const int FormatVersion = 2;

    /// <summary>Which ensemble produced this model.</summary>
    public EnsembleKind Kind { get; }

    /// <summary>The learning task, read from the label's type at fit time.</summary>
    public MLTask Task => _task.Task;

    /// <summary>The label column the ensemble was fitted on.</summary>
    public string LabelColumnName => _task.LabelColumn;

    /// <summary>Class names in key order (binary: False, True); empty for regression.</summary>
    public IReadOnlyList<string> ClassNames => _task.ClassNames;

    /// <summary>The fitted members with their weights.</summary>
    public IReadOnlyList<EnsembleMemberInfo> Members => MemberEntries.Select(m => m.Info).ToArray();

    /// <summary>Name of the meta-learner (stacking), otherwise null.</summary>
    public string? MetaLearner { get; }

    /// <summary>Stacking layers (1 for the other kinds).</summary>
    public int Layers { get; }

    /// <summary>Input columns (name: type) seen at fit time, as recorded in the manifest.</summary>
    public IReadOnlyList<string> InputColumns { get; }

    /// <summary>Bagging: the out-of-bag score (see <see cref="OutOfBagMetric"/>), when requested.</summary>
    public double? OutOfBagScore { get; internal init; }

    /// <summary>Bagging: the metric of <see cref="OutOfBagScore"/>.</summary>
    public MetricKind? OutOfBagMetric { get; internal init; }

    /// <summary>Bagging: out-of-bag predictions (rows never out of bag hold NaN). Not saved.</summary>
    public PredictionMatrix? OutOfBagPredictions { get; internal init; }

    /// <summary>Stacking / selection: out-of-fold predictions of each member, per layer. Not saved.</summary>
    public IReadOnlyList<MemberOutOfFold> OutOfFold { get; internal init; } = [];

    /// <summary>Selection: the greedy selection's result. Not saved.</summary>
    public EnsembleSelectionResult? Selection { get; internal init; }

    /// <summary>AdaBoost: why boosting stopped before the requested rounds, if it did.</summary>
    public string? StopReason { get; internal init; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return OutputAppender().OutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AppendedDataView(input, OutputAppender());
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new EnsembleRowMapper(inputSchema, OutputAppender());
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("An EnsembleModel is saved as one zip file: call EnsembleModel.Save(path) / EnsembleModel.Load(mlContext, path), or TransformerArchive.Save/Load for a pipeline that contains it.");

    /// <summary>Saves the ensemble as one zip (each member's ML.NET model plus a JSON manifest).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, Save);
    }

    /// <summary>Saves the ensemble as a zip to a stream.</summary>
    public void Save(Stream stream) => EnsembleArchive.Save(this, stream);

    /// <summary>Loads an ensemble saved by <see cref="Save(string)"/>.</summary>
    public static EnsembleModel Load(MLContext context, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: ensemble file not found.", path);
        using var stream = File.OpenRead(path);
        return EnsembleArchive.Load(context, stream, path);
    }

    /// <summary>Loads an ensemble from a stream holding the zip.</summary>
    public static EnsembleModel Load(MLContext context, Stream stream) => EnsembleArchive.Load(context, stream, "<stream>");

    /// <summary>Each listed member's predictions on <paramref name="data"/> (class probabilities or values), in member order.</summary>
    public IReadOnlyList<(string Name, PredictionMatrix Predictions)> PredictMembers(IDataView data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return MemberEntries.Select(m => (m.Info.Name, ReadNode(m.Node, data))).ToArray();
    }

    /// <summary>The ensemble's own predictions on <paramref name="data"/> as a matrix.</summary>
    public PredictionMatrix PredictMatrix(IDataView data) => ReadNode(Root, data);

    private PredictionMatrix ReadNode(PredictionNode node, IDataView data)
    {
        var values = new List<float>();
        using var cursor = data.GetRowCursor(data.Schema);
        var get = new BindContext().Get(node, cursor);
        int rows = 0;
        while (cursor.MoveNext())
        {
            values.AddRange(get());
            rows++;
        }
        return new PredictionMatrix(rows, node.Width, values.ToArray());
    }

    private ColumnAppender OutputAppender()
    {
        var task = _task;
        switch (task.Task)
        {
            case MLTask.BinaryClassification:
                return new ColumnAppender(
                [
                    new AppendedColumn("Score", NumberDataViewType.Single),
                    new AppendedColumn("Probability", NumberDataViewType.Single),
                    new AppendedColumn("PredictedLabel", BooleanDataViewType.Instance),
                ], row =>
                {
                    var get = new BindContext().Get(Root, row);
                    ValueGetter<float> score = (ref float v) =>
                    {
                        double p = Math.Clamp(get()[1], 1e-7, 1 - 1e-7);
                        v = (float)Math.Log(p / (1 - p));
                    };
                    ValueGetter<float> prob = (ref float v) => v = get()[1];
                    ValueGetter<bool> label = (ref bool v) => v = get()[1] > 0.5f;
                    return [score, prob, label];
                });
            case MLTask.MulticlassClassification:
                return new ColumnAppender(
                [
                    new AppendedColumn("Score", new VectorDataViewType(NumberDataViewType.Single, task.Classes), task.ScoreAnnotations),
                    new AppendedColumn("PredictedLabel", task.PredictedLabelType, task.PredictedLabelAnnotations),
                ], row =>
                {
                    var get = new BindContext().Get(Root, row);
                    ValueGetter<VBuffer<float>> score = (ref VBuffer<float> dst) =>
                    {
                        var p = get();
                        var editor = VBufferEditor.Create(ref dst, p.Length);
                        p.CopyTo(editor.Values);
                        dst = editor.Commit();
                    };
                    ValueGetter<uint> label = (ref uint v) => v = (uint)CombinerNode.ArgMax(get()) + 1;
                    return [score, label];
                });
            default:
                return new ColumnAppender([new AppendedColumn("Score", NumberDataViewType.Single)], row =>
                {
                    var get = new BindContext().Get(Root, row);
                    ValueGetter<float> score = (ref float v) => v = get()[0];
                    return [score];
                });
        }
    }

    private sealed class EnsembleRowMapper : IRowToRowMapper
    {
        private readonly ColumnAppender _appender;

        public EnsembleRowMapper(DataViewSchema input, ColumnAppender appender)
        {
            InputSchema = input;
            _appender = appender;
            OutputSchema = appender.OutputSchema(input);
        }

        public DataViewSchema InputSchema { get; }
        public DataViewSchema OutputSchema { get; }

        public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => InputSchema;

        public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) =>
            new AppendedRow(input, _appender, OutputSchema);
    }
}
