using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Rows in any order: the distinct rows needed are read once (one pass over the source, every column, vectors deep
/// copied) and served by position from memory.
/// </summary>
internal sealed class BufferedRowsDataView : IDataView
{
    private readonly IColumnStore[] _stores;
    private readonly int[] _slots; // output row -> stored row

    private BufferedRowsDataView(DataViewSchema schema, IColumnStore[] stores, int[] slots)
    {
        Schema = schema;
        _stores = stores;
        _slots = slots;
    }

    public static BufferedRowsDataView Create(IDataView source, int[] indices, CancellationToken cancellationToken)
    {
        var distinct = indices.Distinct().Order().ToArray();
        var slotOf = new Dictionary<int, int>(distinct.Length);
        for (int i = 0; i < distinct.Length; i++) slotOf[distinct[i]] = i;

        var schema = source.Schema;
        var stores = new IColumnStore[schema.Count];
        var method = typeof(BufferedRowsDataView).GetMethod(nameof(MakeStore), BindingFlags.NonPublic | BindingFlags.Static)!;
        for (int c = 0; c < schema.Count; c++)
            stores[c] = (IColumnStore)method.MakeGenericMethod(schema[c].Type.RawType).Invoke(null, [distinct.Length])!;

        using (var cursor = source.GetRowCursor(schema))
        {
            var loaders = new Action<int>[schema.Count];
            for (int c = 0; c < schema.Count; c++) loaders[c] = stores[c].Loader(cursor, schema[c]);
            int next = 0;
            long row = -1;
            while (next < distinct.Length && cursor.MoveNext())
            {
                row++;
                if ((row & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
                if (row != distinct[next]) continue;
                foreach (var load in loaders) load(next);
                next++;
            }
            if (next < distinct.Length)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Row index {distinct[next]} is past the end of the data ({row + 1} rows).");
        }
        return new BufferedRowsDataView(schema, stores, indices.Select(i => slotOf[i]).ToArray());
    }

    private static IColumnStore MakeStore<T>(int rows)
    {
        if (typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(VBuffer<>))
        {
            var item = typeof(T).GetGenericArguments()[0];
            return (IColumnStore)Activator.CreateInstance(typeof(VectorStore<>).MakeGenericType(item), rows)!;
        }
        return new ScalarStore<T>(rows);
    }

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _slots.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private interface IColumnStore
    {
        Action<int> Loader(DataViewRow row, DataViewSchema.Column column);

        Delegate Getter(Func<int> slot);
    }

    private sealed class ScalarStore<T>(int rows) : IColumnStore
    {
        private readonly T[] _values = new T[rows];

        public Action<int> Loader(DataViewRow row, DataViewSchema.Column column)
        {
            var getter = row.GetGetter<T>(column);
            return slot => getter(ref _values[slot]);
        }

        public Delegate Getter(Func<int> slot) => new ValueGetter<T>((ref T value) => value = _values[slot()]);
    }

    private sealed class VectorStore<TItem>(int rows) : IColumnStore
    {
        private readonly VBuffer<TItem>[] _values = new VBuffer<TItem>[rows];

        public Action<int> Loader(DataViewRow row, DataViewSchema.Column column)
        {
            var getter = row.GetGetter<VBuffer<TItem>>(column);
            var buffer = default(VBuffer<TItem>);
            return slot =>
            {
                getter(ref buffer);
                buffer.CopyTo(ref _values[slot]); // deep copy: the cursor reuses its buffer
            };
        }

        public Delegate Getter(Func<int> slot) =>
            new ValueGetter<VBuffer<TItem>>((ref VBuffer<TItem> value) => _values[slot()].CopyTo(ref value));
    }

    private sealed class Cursor(BufferedRowsDataView view, HashSet<int> active) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
                throw new InvalidOperationException($"Column '{column.Name}' was not requested by this cursor.");
            var getter = view._stores[column.Index].Getter(() => view._slots[_position]);
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' holds {column.Type.RawType.Name}, not {typeof(TValue).Name}.");
        }

        public override bool MoveNext()
        {
            if (_position + 1 >= view._slots.Length)
            {
                _position = view._slots.Length;
                return false;
            }
            _position++;
            return true;
        }
    }
}
