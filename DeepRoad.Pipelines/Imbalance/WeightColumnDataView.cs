using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// The source view plus one Single column whose value is a function of the row's class (read from the label column
/// as a 0-based class index). Streams: nothing is copied.
/// </summary>
internal sealed class WeightColumnDataView : IDataView
{
    private readonly IDataView _source;
    private readonly DataViewSchema.Column _label;
    private readonly double[] _weightOfClass;

    public WeightColumnDataView(IDataView source, string labelColumn, string weightColumn, double[] weightOfClass)
    {
        _source = source;
        _label = source.Schema[labelColumn];
        _weightOfClass = weightOfClass;
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(source.Schema);
        builder.AddColumn(weightColumn, NumberDataViewType.Single);
        Schema = builder.ToSchema();
    }

    public bool CanShuffle => _source.CanShuffle;

    public DataViewSchema Schema { get; }

    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        Wrap(_source.GetRowCursor(SourceColumns(columnsNeeded), rand));

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        _source.GetRowCursorSet(SourceColumns(columnsNeeded), n, rand).Select(Wrap).ToArray();

    private IEnumerable<DataViewSchema.Column> SourceColumns(IEnumerable<DataViewSchema.Column> needed)
    {
        var list = needed.ToList();
        var result = list.Where(c => c.Index < _source.Schema.Count).Select(c => _source.Schema[c.Index]).ToList();
        if (list.Any(c => c.Index == _source.Schema.Count) && result.All(c => c.Index != _label.Index)) result.Add(_label);
        return result;
    }

    private DataViewRowCursor Wrap(DataViewRowCursor inner) => new Cursor(this, inner);

    private Func<int> ClassGetter(DataViewRow row)
    {
        var type = _label.Type;
        if (type is BooleanDataViewType)
        {
            var g = row.GetGetter<bool>(_label);
            bool v = false;
            return () => { g(ref v); return v ? 1 : 0; };
        }
        if (type.RawType == typeof(uint))
        {
            var g = row.GetGetter<uint>(_label);
            uint v = 0;
            return () => { g(ref v); return (int)v - 1; };
        }
        var f = row.GetGetter<float>(_label);
        float x = 0;
        return () => { f(ref x); return (int)x; };
    }

    private sealed class Cursor(WeightColumnDataView view, DataViewRowCursor inner) : DataViewRowCursor
    {
        public override DataViewSchema Schema => view.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index == view._source.Schema.Count
                ? inner.IsColumnActive(view._label)
                : inner.IsColumnActive(view._source.Schema[column.Index]);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index < view._source.Schema.Count)
                return inner.GetGetter<TValue>(view._source.Schema[column.Index]);
            var cls = view.ClassGetter(inner);
            ValueGetter<float> getter = (ref float value) =>
            {
                int c = cls();
                value = c >= 0 && c < view._weightOfClass.Length ? (float)view._weightOfClass[c] : 0f;
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is Single, not {typeof(TValue).Name}.");
        }

        public override bool MoveNext() => inner.MoveNext();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
