using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Data;

/// <summary>A column added to a row or view: name, type, optional annotations.</summary>
internal sealed record AppendedColumn(string Name, DataViewType Type, DataViewSchema.Annotations? Annotations = null);

/// <summary>
/// Describes columns appended to any input row: <see cref="Bind"/> returns one getter per column
/// (a <c>ValueGetter&lt;T&gt;</c> of the column's type) reading the input row's current values.
/// </summary>
internal sealed class ColumnAppender
{
    /// <param name="columns">The appended columns.</param>
    /// <param name="bind">Given an input row, one getter per appended column.</param>
    /// <param name="dependencies">
    /// Input columns the getters read (by name); null = unknown, so every input column is read. Views pass only the
    /// columns a consumer asked for plus these to their source, so a trainer reading Label and Features over a wide
    /// cached view does not pull every other column (and a lazily filled cache does not fill them) on every pass.
    /// </param>
    public ColumnAppender(IReadOnlyList<AppendedColumn> columns, Func<DataViewRow, Delegate[]> bind, IReadOnlyList<string>? dependencies = null)
    {
        Columns = columns;
        Bind = bind;
        Dependencies = dependencies;
    }

    public IReadOnlyList<AppendedColumn> Columns { get; }

    public Func<DataViewRow, Delegate[]> Bind { get; }

    /// <summary>Input columns the getters read; null = all.</summary>
    public IReadOnlyList<string>? Dependencies { get; }

    /// <summary>The input columns to activate so that <paramref name="needed"/> columns of the output can be read.</summary>
    public IEnumerable<DataViewSchema.Column> InputColumns(DataViewSchema input, IEnumerable<DataViewSchema.Column> needed)
    {
        if (Dependencies is null) return input;
        var active = new bool[input.Count];
        foreach (var c in needed)
            if (c.Index < input.Count) active[c.Index] = true;
        foreach (var name in Dependencies)
            if (input.GetColumnOrNull(name) is { } d) active[d.Index] = true;
        return input.Where(c => active[c.Index]).ToArray();
    }

    /// <summary>Input columns followed by the appended ones (a name already present is hidden).</summary>
    public DataViewSchema OutputSchema(DataViewSchema input)
    {
        var b = new DataViewSchema.Builder();
        b.AddColumns(input);
        foreach (var c in Columns) b.AddColumn(c.Name, c.Type, c.Annotations);
        return b.ToSchema();
    }
}

/// <summary>An input row plus appended columns.</summary>
internal sealed class AppendedRow : DataViewRow
{
    private readonly DataViewRow _input;
    private readonly Delegate[] _getters;
    private readonly int _baseCount;

    public AppendedRow(DataViewRow input, ColumnAppender appender, DataViewSchema schema)
    {
        _input = input;
        Schema = schema;
        _baseCount = input.Schema.Count;
        _getters = appender.Bind(input);
    }

    public override DataViewSchema Schema { get; }
    public override long Position => _input.Position;
    public override long Batch => _input.Batch;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        RowGetters.Get<TValue>(_input, _getters, _baseCount, column);

    public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) =>
        column.Index >= _baseCount || _input.IsColumnActive(_input.Schema[column.Index]);
}

internal static class RowGetters
{
    public static ValueGetter<TValue> Get<TValue>(DataViewRow input, Delegate[] getters, int baseCount, DataViewSchema.Column column)
    {
        if (column.Index < baseCount) return input.GetGetter<TValue>(input.Schema[column.Index]);
        if (getters[column.Index - baseCount] is ValueGetter<TValue> g) return g;
        throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
    }
}

/// <summary>A view plus appended columns computed per row (lazily, on the cursor's thread).</summary>
internal sealed class AppendedDataView : IDataView
{
    private readonly IDataView _source;
    private readonly ColumnAppender _appender;

    public AppendedDataView(IDataView source, ColumnAppender appender)
    {
        _source = source;
        _appender = appender;
        Schema = appender.OutputSchema(source.Schema);
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema { get; }
    public long? GetRowCount() => _source.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(_source.GetRowCursor(_appender.InputColumns(_source.Schema, columnsNeeded)), _appender, Schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _input;
        private readonly Delegate[] _getters;
        private readonly int _baseCount;

        public Cursor(DataViewRowCursor input, ColumnAppender appender, DataViewSchema schema)
        {
            _input = input;
            Schema = schema;
            _baseCount = input.Schema.Count;
            _getters = appender.Bind(input);
        }

        public override DataViewSchema Schema { get; }
        public override long Position => _input.Position;
        public override long Batch => _input.Batch;
        public override bool MoveNext() => _input.MoveNext();

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            RowGetters.Get<TValue>(_input, _getters, _baseCount, column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) =>
            column.Index >= _baseCount || _input.IsColumnActive(_input.Schema[column.Index]);

        protected override void Dispose(bool disposing)
        {
            if (disposing) _input.Dispose();
            base.Dispose(disposing);
        }
    }
}
