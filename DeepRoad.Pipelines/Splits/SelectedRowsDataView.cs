using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Streams the rows at non-decreasing indices over one source cursor: getters are the source's own, so nothing is
/// copied; a repeated index yields the current source row again. On cancellation a cursor throws, or, with
/// <paramref name="endEarlyOnCancel"/>, just ends: ML.NET reads training data on its own worker threads (cache
/// fillers), where an exception can leave the consumer waiting forever, so CrossValidator ends the data instead and
/// checks the token itself once <c>Fit</c> returns.
/// </summary>
internal sealed class SelectedRowsDataView(IDataView source, int[] indices, CancellationToken cancellationToken, bool endEarlyOnCancel = false) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema => source.Schema;

    public long? GetRowCount() => indices.Length;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(source.GetRowCursor(columnsNeeded), indices, cancellationToken, endEarlyOnCancel);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor(DataViewRowCursor inner, int[] indices, CancellationToken cancellationToken, bool endEarlyOnCancel) : DataViewRowCursor
    {
        private long _position = -1;
        private long _sourcePosition = -1;

        public override DataViewSchema Schema => inner.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => inner.GetGetter<TValue>(column);

        public override bool MoveNext()
        {
            if (_position + 1 >= indices.Length)
            {
                _position = indices.Length;
                return false;
            }
            if ((_position & 0xFF) == 0 && cancellationToken.IsCancellationRequested)
            {
                if (!endEarlyOnCancel) cancellationToken.ThrowIfCancellationRequested();
                _position = indices.Length;
                return false;
            }
            _position++;
            int target = indices[_position];
            while (_sourcePosition < target)
            {
                if (!inner.MoveNext())
                    throw new ArgumentOutOfRangeException(nameof(indices), $"Row index {target} is past the end of the data ({_sourcePosition + 1} rows).");
                _sourcePosition++;
            }
            return true;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
