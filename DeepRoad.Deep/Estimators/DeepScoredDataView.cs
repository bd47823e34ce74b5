using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Estimators;

/// <summary>
/// The input view plus the scored columns of a <see cref="DeepModelTransformer"/>. Lazy: a cursor reads the input
/// rows and, through a second cursor over the same input, scores them 1024 at a time.
/// </summary>
internal sealed class DeepScoredDataView : IDataView
{
    private const int BatchRows = 1024;
    private readonly IDataView _input;
    private readonly DeepModelTransformer _model;

    public DeepScoredDataView(IDataView input, DeepModelTransformer model)
    {
        _input = input;
        _model = model;
        Schema = BuildSchema(input.Schema, model.Header);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => c.Index).ToHashSet();
        int inputCount = _input.Schema.Count;
        var inputCols = needed.Where(i => i < inputCount).Select(i => _input.Schema[i]).ToList();
        bool scoring = needed.Any(i => i >= inputCount);
        return new Cursor(this, _input.GetRowCursor(inputCols), scoring ? _model.Header.Layout.OpenCursor(_input) : null, needed);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    internal static DataViewSchema BuildSchema(DataViewSchema input, ModelHeader h)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        switch (h.Settings.Task)
        {
            case MLTask.BinaryClassification:
                b.AddColumn("Score", NumberDataViewType.Single);
                b.AddColumn("Probability", NumberDataViewType.Single);
                b.AddColumn("PredictedLabel", BooleanDataViewType.Instance);
                break;
            case MLTask.MulticlassClassification:
            {
                var labelAnn = input.GetColumnOrNull(h.Settings.LabelColumn)?.Annotations;
                var scoreAnn = new DataViewSchema.Annotations.Builder();
                var keyAnn = new DataViewSchema.Annotations.Builder();
                if (h.ClassNames is { } names)
                {
                    var values = new VBuffer<ReadOnlyMemory<char>>(names.Length, names.Select(n => n.AsMemory()).ToArray());
                    var textVector = new VectorDataViewType(TextDataViewType.Instance, names.Length);
                    ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> dst) => values.CopyTo(ref dst);
                    scoreAnn.Add("SlotNames", textVector, getter);
                    keyAnn.Add("KeyValues", textVector, getter);
                }
                else if (labelAnn is not null && labelAnn.Schema.GetColumnOrNull("KeyValues") is not null)
                {
                    keyAnn.Add(labelAnn, c => c == "KeyValues");
                }
                b.AddColumn("Score", new VectorDataViewType(NumberDataViewType.Single, h.Classes), scoreAnn.ToAnnotations());
                b.AddColumn("PredictedLabel", new KeyDataViewType(typeof(uint), h.Classes), keyAnn.ToAnnotations());
                break;
            }
            default:
                b.AddColumn("Score", NumberDataViewType.Single);
                break;
        }
        return b.ToSchema();
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DeepScoredDataView _parent;
        private readonly DataViewRowCursor _input;
        private readonly DataViewRowCursor? _side;
        private readonly InputLayout.RowReader? _reader;
        private readonly HashSet<int> _active;
        private readonly int _inputCount, _outputs;
        private float[] _scores = [];
        private long _batchStart, _batchRows, _position = -1;
        private bool _done;

        public Cursor(DeepScoredDataView parent, DataViewRowCursor input, DataViewRowCursor? side, HashSet<int> active)
        {
            _parent = parent;
            _input = input;
            _side = side;
            _reader = side is null ? null : new InputLayout.RowReader(side, parent._model.Header.Layout);
            _active = active;
            _inputCount = parent._input.Schema.Count;
            var h = parent._model.Header;
            _outputs = h.Settings.Task == MLTask.MulticlassClassification ? h.Classes : 1;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool MoveNext()
        {
            if (_done || !_input.MoveNext())
            {
                _done = true;
                return false;
            }
            _position++;
            if (_side is not null && _position >= _batchStart + _batchRows) ScoreNextBatch();
            return true;
        }

        private void ScoreNextBatch()
        {
            var layout = _parent._model.Header.Layout;
            var x = new float[BatchRows * layout.Width];
            int n = 0;
            while (n < BatchRows && _side!.MoveNext())
            {
                _reader!.Read(x.AsSpan(n * layout.Width, layout.Width));
                n++;
            }
            if (n == 0) throw new InvalidOperationException("The scoring cursor ran out of rows before the input cursor.");
            _batchStart = _position;
            _batchRows = n;
            _scores = _parent._model.Predict(n == BatchRows ? x : x.AsSpan(0, n * layout.Width).ToArray(), n);
        }

        private int Offset => checked((int)(_position - _batchStart)) * _outputs;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < _inputCount) return _input.GetGetter<TValue>(column);
            if (!_active.Contains(column.Index)) throw new InvalidOperationException($"Column '{column.Name}' is not active.");
            var task = _parent._model.Header.Settings.Task;
            Delegate getter = (task, column.Name) switch
            {
                (MLTask.MulticlassClassification, "Score") => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> dst) =>
                {
                    var editor = VBufferEditor.Create(ref dst, _outputs);
                    _scores.AsSpan(Offset, _outputs).CopyTo(editor.Values);
                    dst = editor.Commit();
                }),
                (MLTask.MulticlassClassification, "PredictedLabel") => (ValueGetter<uint>)((ref uint dst) =>
                {
                    var s = _scores.AsSpan(Offset, _outputs);
                    int arg = 0;
                    for (int i = 1; i < s.Length; i++) if (s[i] > s[arg]) arg = i;
                    dst = (uint)arg + 1;
                }),
                (MLTask.BinaryClassification, "Score") => (ValueGetter<float>)((ref float dst) => dst = _scores[Offset]),
                (MLTask.BinaryClassification, "Probability") => (ValueGetter<float>)((ref float dst) => dst = 1f / (1f + MathF.Exp(-_scores[Offset]))),
                (MLTask.BinaryClassification, "PredictedLabel") => (ValueGetter<bool>)((ref bool dst) => dst = _scores[Offset] > 0),
                (MLTask.Regression, "Score") => (ValueGetter<float>)((ref float dst) => dst = _scores[Offset]),
                _ => throw new InvalidOperationException($"Unknown scored column '{column.Name}'."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
                _side?.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
