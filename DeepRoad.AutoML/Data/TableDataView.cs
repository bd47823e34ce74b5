using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Data;

/// <summary>
/// An <see cref="IDataView"/> over a <see cref="RawTable"/> and a set of row indices (no copy).
/// Label follows the shared contract: Boolean (binary), key with class names (multiclass), Single (regression).
/// </summary>
internal sealed class TableDataView : IDataView
{
    private readonly RawTable _table;
    private readonly int[] _rows;
    private readonly Func<Cursor, Delegate>[] _getters;

    public TableDataView(RawTable table, int[]? rows = null, bool includeLabel = true)
    {
        _table = table;
        _rows = rows ?? Enumerable.Range(0, table.RowCount).ToArray();
        var b = new DataViewSchema.Builder();
        var getters = new List<Func<Cursor, Delegate>>();
        foreach (var c in table.Schema.Features)
        {
            if (c.Kind == ColumnKind.Numeric)
            {
                var arr = table.Numbers[c.Name];
                b.AddColumn(c.Name, NumberDataViewType.Single);
                getters.Add(cc => (ValueGetter<float>)((ref float v) => v = arr[cc.Row]));
            }
            else
            {
                var arr = table.Strings[c.Name];
                b.AddColumn(c.Name, TextDataViewType.Instance);
                getters.Add(cc => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = (arr[cc.Row] ?? "").AsMemory()));
            }
        }
        if (includeLabel && table.Label is { } label)
        {
            switch (table.Schema.Task)
            {
                case MLTask.BinaryClassification:
                    b.AddColumn("Label", BooleanDataViewType.Instance);
                    getters.Add(cc => (ValueGetter<bool>)((ref bool v) => v = label[cc.Row] > 0.5f));
                    break;
                case MLTask.MulticlassClassification:
                    var names = table.Schema.ClassNames;
                    var ab = new DataViewSchema.Annotations.Builder();
                    ab.Add("KeyValues", new VectorDataViewType(TextDataViewType.Instance, names.Count),
                        (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(names.Count, names.Select(s => s.AsMemory()).ToArray()));
                    b.AddColumn("Label", new KeyDataViewType(typeof(uint), names.Count), ab.ToAnnotations());
                    getters.Add(cc => (ValueGetter<uint>)((ref uint v) => v = (uint)label[cc.Row] + 1));
                    break;
                default:
                    b.AddColumn("Label", NumberDataViewType.Single);
                    getters.Add(cc => (ValueGetter<float>)((ref float v) => v = label[cc.Row]));
                    break;
            }
        }
        Schema = b.ToSchema();
        _getters = getters.ToArray();
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _rows.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded.Select(c => c.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly TableDataView _view;
        private readonly HashSet<int> _active;
        private readonly Delegate?[] _made;
        private long _position = -1;

        public Cursor(TableDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _made = new Delegate?[view._getters.Length];
        }

        public int Row => _view._rows[_position];
        public override long Position => _position;
        public override long Batch => 0;
        public override DataViewSchema Schema => _view.Schema;

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._rows.Length) { _position = _view._rows.Length; return false; }
            _position++;
            return true;
        }

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active.Contains(column.Index)) throw new InvalidOperationException($"column '{column.Name}' is not active.");
            _made[column.Index] ??= _view._getters[column.Index](this);
            return _made[column.Index] as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId v) => v = new DataViewRowId((ulong)_position, 0);
    }
}
