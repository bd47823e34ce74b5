using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Estimators;

/// <summary>
/// Row-at-a-time scoring (for PredictionEngine and DeepRoad ensembles): one forward pass per input row, cached per
/// row position. <see cref="DeepModelTransformer.Transform"/> is the faster batched path.
/// </summary>
internal sealed class DeepRowMapper : IRowToRowMapper
{
    private readonly DeepModelTransformer _model;

    public DeepRowMapper(DeepModelTransformer model, DataViewSchema input)
    {
        _model = model;
        InputSchema = input;
        OutputSchema = DeepScoredDataView.BuildSchema(input, model.Header);
    }

    public DataViewSchema InputSchema { get; }

    public DataViewSchema OutputSchema { get; }

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var layout = _model.Header.Layout;
        var result = new List<DataViewSchema.Column>();
        bool scoring = false;
        foreach (var c in dependingColumns)
        {
            if (c.Index < InputSchema.Count) result.Add(InputSchema[c.Index]);
            else scoring = true;
        }
        if (scoring)
        {
            result.Add(InputSchema[layout.FeatureColumn]);
            result.AddRange(layout.CategoricalColumns.Select(n => InputSchema[n]));
        }
        return result.DistinctBy(c => c.Index);
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new Row(this, input, activeColumns.Select(c => c.Index).ToHashSet());
    }

    private sealed class Row : DataViewRow
    {
        private readonly DeepRowMapper _parent;
        private readonly DataViewRow _input;
        private readonly HashSet<int> _active;
        private readonly InputLayout.RowReader? _reader;
        private readonly float[] _x;
        private float[] _scores = [];
        private long _scoredPosition = -1;

        public Row(DeepRowMapper parent, DataViewRow input, HashSet<int> active)
        {
            _parent = parent;
            _input = input;
            _active = active;
            var layout = parent._model.Header.Layout;
            _x = new float[layout.Width];
            if (active.Any(i => i >= parent.InputSchema.Count)) _reader = new InputLayout.RowReader(input, layout);
        }

        public override DataViewSchema Schema => _parent.OutputSchema;

        public override long Position => _input.Position;

        public override long Batch => _input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index < _parent.InputSchema.Count ? _input.IsColumnActive(column) : _active.Contains(column.Index);

        private float[] Scores()
        {
            if (_scoredPosition != _input.Position || _scoredPosition < 0)
            {
                _reader!.Read(_x);
                _scores = _parent._model.Predict(_x, 1);
                _scoredPosition = _input.Position;
            }
            return _scores;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _parent.InputSchema.Count) return _input.GetGetter<TValue>(column);
            if (_reader is null) throw new InvalidOperationException($"Column '{column.Name}' is not active.");
            var task = _parent._model.Header.Settings.Task;
            Delegate getter = (task, column.Name) switch
            {
                (MLTask.MulticlassClassification, "Score") => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    var s = Scores();
                    var editor = VBufferEditor.Create(ref dst, s.Length);
                    s.CopyTo(editor.Values);
                    dst = editor.Commit();
                }),
                (MLTask.MulticlassClassification, "PredictedLabel") => (ValueGetter<uint>)((ref uint dst) =>
                {
                    var s = Scores();
                    int arg = 0;
                    for (int i = 1; i < s.Length; i++) if (s[i] > s[arg]) arg = i;
                    dst = (uint)arg + 1;
                }),
                (MLTask.BinaryClassification, "Score") => (ValueGetter<float>)((ref float dst) => dst = Scores()[0]),
                (MLTask.BinaryClassification, "Probability") => (ValueGetter<float>)((ref float dst) => dst = 1f / (1f + MathF.Exp(-Scores()[0]))),
                (MLTask.BinaryClassification, "PredictedLabel") => (ValueGetter<bool>)((ref bool dst) => dst = Scores()[0] > 0),
                (MLTask.Regression, "Score") => (ValueGetter<float>)((ref float dst) => dst = Scores()[0]),
                _ => throw new InvalidOperationException($"Unknown scored column '{column.Name}'."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }
    }
}
