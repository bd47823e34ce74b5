using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Cleaning;

/// <summary>Reads whole columns of a data view into arrays, and rows as text keys for duplicate detection.</summary>
internal static class ViewColumns
{
    public static float[] Singles(IDataView view, string name)
    {
        var col = view.Schema[name];
        var list = new List<float>();
        using var cursor = view.GetRowCursor([col]);
        var g = cursor.GetGetter<float>(col);
        float v = 0;
        while (cursor.MoveNext()) { g(ref v); list.Add(v); }
        return list.ToArray();
    }

    public static string[] Texts(IDataView view, string name)
    {
        var col = view.Schema[name];
        var list = new List<string>();
        using var cursor = view.GetRowCursor([col]);
        var g = cursor.GetGetter<ReadOnlyMemory<char>>(col);
        ReadOnlyMemory<char> v = default;
        while (cursor.MoveNext()) { g(ref v); list.Add(v.ToString()); }
        return list.ToArray();
    }

    /// <summary>A mask that keeps the first of each group of identical rows (all columns compared).</summary>
    public static bool[] FirstOccurrences(IDataView view, CancellationToken cancellationToken)
    {
        var cols = view.Schema.Where(c => !c.IsHidden).ToList();
        using var cursor = view.GetRowCursor(cols);
        var readers = cols.Select(c => Reader(cursor, c)).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keep = new List<bool>();
        var sb = new System.Text.StringBuilder();
        while (cursor.MoveNext())
        {
            if ((keep.Count & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            sb.Clear();
            foreach (var r in readers) { r(sb); sb.Append('\u001F'); }
            keep.Add(seen.Add(sb.ToString()));
        }
        return keep.ToArray();
    }

    private static Action<System.Text.StringBuilder> Reader(DataViewRowCursor cursor, DataViewSchema.Column col)
    {
        var t = col.Type.RawType;
        if (col.Type is VectorDataViewType)
            throw new InvalidOperationException($"Duplicate removal compares scalar columns; column '{col.Name}' is a vector.");
        if (t == typeof(float)) return Make<float>(v => v.ToString("R", CultureInfo.InvariantCulture));
        if (t == typeof(double)) return Make<double>(v => v.ToString("R", CultureInfo.InvariantCulture));
        if (t == typeof(bool)) return Make<bool>(v => v ? "1" : "0");
        if (t == typeof(uint)) return Make<uint>(v => v.ToString(CultureInfo.InvariantCulture));
        if (t == typeof(int)) return Make<int>(v => v.ToString(CultureInfo.InvariantCulture));
        if (t == typeof(long)) return Make<long>(v => v.ToString(CultureInfo.InvariantCulture));
        if (t == typeof(ulong)) return Make<ulong>(v => v.ToString(CultureInfo.InvariantCulture));
        if (t == typeof(ReadOnlyMemory<char>)) return Make<ReadOnlyMemory<char>>(v => v.ToString());
        throw new InvalidOperationException($"Duplicate removal does not support column '{col.Name}' of type {col.Type}.");

        Action<System.Text.StringBuilder> Make<T>(Func<T, string> format)
        {
            var g = cursor.GetGetter<T>(col);
            T v = default!;
            return sb => { g(ref v); sb.Append(format(v)); };
        }
    }
}
