using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Loading;

/// <summary>Reads in-memory and database sources (any scalar <see cref="IDataView"/>, a <see cref="DataFrame"/>) into a raw table.</summary>
internal static class DataViewTableReader
{
    public static RawTable Read(IDataView view, string sourceName, DataLoadOptions options, CancellationToken cancellationToken = default)
    {
        var missing = new MissingTokens(options.MissingValueTokens);
        var visible = view.Schema.Where(c => !c.IsHidden).ToList();
        var numberLists = new Dictionary<int, List<double>>();
        var textLists = new Dictionary<int, List<string?>>();
        var boolLists = new Dictionary<int, List<bool?>>();
        var appenders = new List<Action>();
        using var cursor = view.GetRowCursor(visible);
        foreach (var col in visible)
        {
            var type = col.Type;
            if (type is VectorDataViewType)
                throw new DeepRoadDataException($"{sourceName}: column '{col.Name}' is a vector ({type}); only scalar columns can be inferred.") { Column = col.Name };
            if (type is KeyDataViewType)
                throw new DeepRoadDataException($"{sourceName}: column '{col.Name}' is a key type; convert it to its values first.") { Column = col.Name };
            int i = col.Index;
            if (type is TextDataViewType)
            {
                var list = textLists[i] = [];
                var g = cursor.GetGetter<ReadOnlyMemory<char>>(col);
                ReadOnlyMemory<char> buf = default;
                appenders.Add(() =>
                {
                    g(ref buf);
                    list.Add(missing.Clean(buf.ToString()));
                });
            }
            else if (type is BooleanDataViewType)
            {
                var list = boolLists[i] = [];
                var g = cursor.GetGetter<bool>(col);
                bool buf = false;
                appenders.Add(() => { g(ref buf); list.Add(buf); });
            }
            else if (type is NumberDataViewType)
            {
                var list = numberLists[i] = [];
                appenders.Add(NumberAppender(cursor, col, list));
            }
            else
            {
                // Dates, times and other scalars: kept as invariant text.
                var list = textLists[i] = [];
                appenders.Add(OtherAppender(cursor, col, list));
            }
        }

        int rows = 0;
        while (cursor.MoveNext())
        {
            if ((rows & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            foreach (var a in appenders) a();
            rows++;
        }

        var columns = visible.Select(c =>
            numberLists.TryGetValue(c.Index, out var n) ? new RawColumn { Name = c.Name, Kind = RawKind.Number, Numbers = n.ToArray() }
            : boolLists.TryGetValue(c.Index, out var b) ? new RawColumn { Name = c.Name, Kind = RawKind.Boolean, Booleans = b.ToArray() }
            : new RawColumn { Name = c.Name, Kind = RawKind.Text, Text = textLists[c.Index].ToArray() }).ToList();
        return new RawTable
        {
            SourceName = sourceName,
            BaseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory(),
            Columns = columns,
            RowCount = rows,
        };
    }

    private static Action NumberAppender(DataViewRowCursor cursor, DataViewSchema.Column col, List<double> list)
    {
        var raw = col.Type.RawType;
        if (raw == typeof(float)) return Make<float>(v => v);
        if (raw == typeof(double)) return Make<double>(v => v);
        if (raw == typeof(int)) return Make<int>(v => v);
        if (raw == typeof(long)) return Make<long>(v => v);
        if (raw == typeof(short)) return Make<short>(v => v);
        if (raw == typeof(byte)) return Make<byte>(v => v);
        if (raw == typeof(sbyte)) return Make<sbyte>(v => v);
        if (raw == typeof(uint)) return Make<uint>(v => v);
        if (raw == typeof(ulong)) return Make<ulong>(v => v);
        if (raw == typeof(ushort)) return Make<ushort>(v => v);
        throw new DeepRoadDataException($"column '{col.Name}': unsupported number type {raw.Name}.") { Column = col.Name };

        Action Make<T>(Func<T, double> convert)
        {
            var g = cursor.GetGetter<T>(col);
            T buf = default!;
            return () => { g(ref buf); list.Add(convert(buf)); };
        }
    }

    private static Action OtherAppender(DataViewRowCursor cursor, DataViewSchema.Column col, List<string?> list)
    {
        var raw = col.Type.RawType;
        if (raw == typeof(DateTime)) return Make<DateTime>(v => v.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        if (raw == typeof(DateTimeOffset)) return Make<DateTimeOffset>(v => v.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        if (raw == typeof(TimeSpan)) return Make<TimeSpan>(v => v.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        throw new DeepRoadDataException($"column '{col.Name}': unsupported type {col.Type}.") { Column = col.Name };

        Action Make<T>(Func<T, string> convert)
        {
            var g = cursor.GetGetter<T>(col);
            T buf = default!;
            return () => { g(ref buf); list.Add(convert(buf)); };
        }
    }

    /// <summary>Reads a DataFrame column by column; its nulls become missing values.</summary>
    public static RawTable Read(DataFrame frame, string sourceName, DataLoadOptions options)
    {
        var missing = new MissingTokens(options.MissingValueTokens);
        int rows = checked((int)frame.Rows.Count);
        var columns = new List<RawColumn>();
        foreach (var col in frame.Columns)
        {
            var t = col.DataType;
            if (t == typeof(bool))
            {
                var values = new bool?[rows];
                for (int r = 0; r < rows; r++) values[r] = col[r] as bool?;
                columns.Add(new RawColumn { Name = col.Name, Kind = RawKind.Boolean, Booleans = values });
            }
            else if (t == typeof(string) || t == typeof(char) || t == typeof(DateTime))
            {
                var values = new string?[rows];
                for (int r = 0; r < rows; r++)
                {
                    string? s = col[r] switch
                    {
                        null => null,
                        DateTime d => d.ToString("o", System.Globalization.CultureInfo.InvariantCulture),
                        var o => Convert.ToString(o, System.Globalization.CultureInfo.InvariantCulture),
                    };
                    values[r] = missing.Clean(s);
                }
                columns.Add(new RawColumn { Name = col.Name, Kind = RawKind.Text, Text = values });
            }
            else if (t.IsPrimitive || t == typeof(decimal))
            {
                var values = new double[rows];
                for (int r = 0; r < rows; r++)
                    values[r] = col[r] is { } o ? Convert.ToDouble(o, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
                columns.Add(new RawColumn { Name = col.Name, Kind = RawKind.Number, Numbers = values });
            }
            else
            {
                throw new DeepRoadDataException($"{sourceName}: column '{col.Name}' has unsupported type {t.Name}.") { Column = col.Name };
            }
        }
        return new RawTable
        {
            SourceName = sourceName,
            BaseDirectory = options.BaseDirectory ?? Directory.GetCurrentDirectory(),
            Columns = columns,
            RowCount = rows,
        };
    }
}
