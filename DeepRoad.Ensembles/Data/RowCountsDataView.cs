using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Data;

/// <summary>
/// Row i of the source repeated counts[i] times (0 = left out): folds, bootstrap and weighted resamples
/// without copying the data. Rows keep the source order.
/// </summary>
internal sealed class RowCountsDataView : IDataView
{
    private readonly IDataView _source;
    private readonly int[] _counts;
    private readonly long _total;

    public RowCountsDataView(IDataView source, int[] counts)
    {
        _source = source;
        _counts = counts;
        foreach (var c in counts) _total += c;
    }

    /// <summary>Rows whose index is in <paramref name="indices"/> (any order, repeats allowed).</summary>
    public static RowCountsDataView FromIndices(IDataView source, int rows, IEnumerable<int> indices)
    {
        var counts = new int[rows];
        foreach (var i in indices) counts[i]++;
        return new RowCountsDataView(source, counts);
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema => _source.Schema;
    public long? GetRowCount() => _total;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(columnsNeeded), _counts);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly int[] _counts;
        private long _sourceRow = -1;
        private int _left;
        private long _position = -1;

        public Cursor(DataViewRowCursor input, int[] counts)
        {
            _input = input;
            _counts = counts;
        }

        public override DataViewSchema Schema => _input.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_left > 0)
            {
                _left--;
                _position++;
                return true;
            }
            while (_input.MoveNext())
            {
                _sourceRow++;
                if (_sourceRow >= _counts.Length)
                    throw new InvalidOperationException($"The data has more rows than the {_counts.Length} counted when the ensemble started.");
                int c = _counts[_sourceRow];
                if (c > 0)
                {
                    _left = c - 1;
                    _position++;
                    return true;
                }
            }
            return false;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _input.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => _input.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
