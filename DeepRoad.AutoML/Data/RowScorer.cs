using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Data;

/// <summary>
/// Scores rows one at a time through every fold model, the way ML.NET's PredictionEngine does: each model is bound once
/// to a reusable input row (<see cref="ITransformer.GetRowToRowMapper"/>, then <c>GetRow</c>) and the getters are kept,
/// so a prediction only copies the row in and reads the scores. Building a chain's transformed view binds every step's
/// schema again (about 2 ms per fold model) and creating its getters costs about 0.5 ms more, where scoring one row takes
/// a few microseconds. Not thread-safe: <see cref="AutoMLModel"/> keeps a pool of them.
/// </summary>
internal sealed class RowScorer
{
    private readonly InputRow _input;
    private readonly Action<Span<float>>[][] _readers;
    private readonly MLTask _task;
    private readonly int _width;

    public RowScorer(DataViewSchema input, IReadOnlyList<IReadOnlyList<IRowToRowMapper>> mappers, MLTask task, int width)
    {
        _input = new InputRow(input);
        _task = task;
        _width = width;
        _readers = mappers.Select(member => member.Select(Reader).ToArray()).ToArray();
    }

    /// <summary>Each member's predictions (its fold models averaged) for every row of <paramref name="view"/>, whose schema is the one bound.</summary>
    public List<PredictionMatrix> Score(IDataView view)
    {
        int rows = (int)(view.GetRowCount() ?? throw new ArgumentException("The view has no row count.", nameof(view)));
        var parts = _readers.Select(_ => PredictionMatrix.Create(rows, _width)).ToList();
        Span<float> buffer = stackalloc float[_width];
        using var cursor = view.GetRowCursor(view.Schema);
        var copy = _input.CopyFrom(cursor);
        for (int r = 0; cursor.MoveNext(); r++)
        {
            copy();
            for (int m = 0; m < _readers.Length; m++)
            {
                var target = parts[m].Row(r);
                float share = 1f / _readers[m].Length;
                foreach (var read in _readers[m])
                {
                    read(buffer);
                    for (int k = 0; k < _width; k++) target[k] += share * buffer[k];
                }
            }
        }
        return parts;
    }

    /// <summary>Reads one model's prediction for the current input row: [1-p, p], class probabilities, or the value.</summary>
    private Action<Span<float>> Reader(IRowToRowMapper mapper)
    {
        var output = mapper.OutputSchema;
        var score = output.GetColumnOrNull("Score") ?? throw new DeepRoadDataException("Scored data has no 'Score' column.") { Column = "Score" };
        if (_task == MLTask.BinaryClassification)
        {
            var column = output.GetColumnOrNull("Probability") ?? score;
            bool logistic = column.Name == "Score";
            var getter = mapper.GetRow(_input, [column]).GetGetter<float>(column);
            return buffer =>
            {
                float p = 0;
                getter(ref p);
                if (logistic) p = 1f / (1f + MathF.Exp(-p));
                buffer[0] = 1 - p;
                buffer[1] = p;
            };
        }
        if (_task == MLTask.MulticlassClassification)
        {
            var getter = mapper.GetRow(_input, [score]).GetGetter<VBuffer<float>>(score);
            var values = default(VBuffer<float>);
            int width = _width;
            return buffer =>
            {
                getter(ref values);
                if (values.Length != width)
                    throw new DeepRoadDataException($"'Score' has {values.Length} values but the label has {width} classes.") { Column = "Score" };
                int k = 0;
                foreach (var v in values.DenseValues()) buffer[k++] = v;
            };
        }
        var value = mapper.GetRow(_input, [score]).GetGetter<float>(score);
        return buffer =>
        {
            float v = 0;
            value(ref v);
            buffer[0] = v;
        };
    }

    /// <summary>A one-row input whose values are replaced for each prediction; its position moves on so cached getters recompute.</summary>
    private sealed class InputRow(DataViewSchema schema) : DataViewRow
    {
        private readonly Array[] _values = schema.Select(c => c.Type.RawType switch
        {
            var t when t == typeof(float) => (Array)new float[1],
            var t when t == typeof(bool) => new bool[1],
            var t when t == typeof(ReadOnlyMemory<char>) => new ReadOnlyMemory<char>[1],
            var t => throw new NotSupportedException($"Column '{c.Name}': type {t.Name} is not an AutoML input type."),
        }).ToArray();

        private long _position = -1;

        public override DataViewSchema Schema => schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (_values[column.Index] is not TValue[] values)
                throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
            return (ref TValue value) => value = values[0];
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        /// <summary>An action that copies the cursor's current row in (and moves the position on).</summary>
        public Action CopyFrom(DataViewRowCursor cursor)
        {
            var copies = schema.Select<DataViewSchema.Column, Action>(c => _values[c.Index] switch
            {
                float[] f => Copy(cursor.GetGetter<float>(cursor.Schema[c.Index]), f),
                bool[] b => Copy(cursor.GetGetter<bool>(cursor.Schema[c.Index]), b),
                ReadOnlyMemory<char>[] t => Copy(cursor.GetGetter<ReadOnlyMemory<char>>(cursor.Schema[c.Index]), t),
                _ => throw new InvalidOperationException(),
            }).ToArray();
            return () =>
            {
                foreach (var copy in copies) copy();
                _position++;
            };
        }

        private static Action Copy<T>(ValueGetter<T> getter, T[] into) => () => getter(ref into[0]);
    }
}
