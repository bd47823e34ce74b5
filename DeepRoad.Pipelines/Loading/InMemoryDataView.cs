using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// A column-oriented, immutable <see cref="IDataView"/> over arrays: Single (NaN = missing),
/// Boolean and text (<see cref="ReadOnlyMemory{T}"/> of char, empty = missing). Public so that callers
/// (AutoML's prediction on rows given as dictionaries) can hand columns to <see cref="DataLoader"/>.
/// </summary>
public sealed class InMemoryDataView : IDataView
{
    private readonly Array[] _columns;

    /// <summary>Builds the view over <paramref name="columns"/> (float[], bool[] or ReadOnlyMemory&lt;char&gt;[] of <paramref name="rowCount"/> values each).</summary>
    public InMemoryDataView(IReadOnlyList<(string Name, Array Values)> columns, int rowCount)
    {
        var builder = new DataViewSchema.Builder();
        _columns = new Array[columns.Count];
        for (int i = 0; i < columns.Count; i++)
        {
            var (name, values) = columns[i];
            if (values.Length != rowCount)
                throw new ArgumentException($"Column '{name}' has {values.Length} values, expected {rowCount}.");
            DataViewType type = values switch
            {
                float[] => NumberDataViewType.Single,
                bool[] => BooleanDataViewType.Instance,
                ReadOnlyMemory<char>[] => TextDataViewType.Instance,
                _ => throw new ArgumentException($"Column '{name}': unsupported array type {values.GetType().Name}."),
            };
            builder.AddColumn(name, type);
            _columns[i] = values;
        }
        Schema = builder.ToSchema();
        RowCount = rowCount;
    }

    private InMemoryDataView(DataViewSchema schema, Array[] columns, int rowCount)
    {
        Schema = schema;
        _columns = columns;
        RowCount = rowCount;
    }

    /// <summary>
    /// The same rows under <paramref name="schema"/>, an equal schema object (same column names and types in the same
    /// order), so that mappers bound once to that object (<see cref="ITransformer.GetRowToRowMapper"/>) read this view's
    /// rows. Null when the columns differ.
    /// </summary>
    public InMemoryDataView? WithSchema(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (ReferenceEquals(schema, Schema)) return this;
        if (schema.Count != Schema.Count) return null;
        for (int i = 0; i < schema.Count; i++)
            if (schema[i].Name != Schema[i].Name || !schema[i].Type.Equals(Schema[i].Type)) return null;
        return new InMemoryDataView(schema, _columns, RowCount);
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <inheritdoc />
    public bool CanShuffle => true;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => RowCount;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        int[]? order = null;
        if (rand is not null)
        {
            order = Enumerable.Range(0, RowCount).ToArray();
            rand.Shuffle(order);
        }
        var active = new bool[_columns.Length];
        foreach (var c in columnsNeeded) active[c.Index] = true;
        return new Cursor(this, active, order);
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly InMemoryDataView _parent;
        private readonly bool[] _active;
        private readonly int[]? _order;
        private long _position = -1;

        public Cursor(InMemoryDataView parent, bool[] active, int[]? order)
        {
            _parent = parent;
            _active = active;
            _order = order;
        }

        public override DataViewSchema Schema => _parent.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        private int Row => _order is null ? (int)_position : _order[_position];

        public override bool MoveNext()
        {
            if (_position + 1 >= _parent.RowCount)
            {
                _position = _parent.RowCount;
                return false;
            }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' is not active in this cursor.");
            if (_parent._columns[column.Index] is not TValue[] values)
                throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
            return (ref TValue value) => value = values[Row];
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId id) => id = new DataViewRowId((ulong)Row, 0);
    }
}
