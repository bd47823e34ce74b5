using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Loading;

/// <summary>Reads whole columns of a data view for assertions.</summary>
internal static class ViewReader
{
    public static T[] Column<T>(IDataView view, string name)
    {
        var col = view.Schema[name];
        var result = new List<T>();
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<T>(col);
        T value = default!;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value);
        }
        return result.ToArray();
    }

    /// <summary>Dense copies of a vector column (getters reuse their buffers, so each row is copied).</summary>
    public static float[][] Vectors(IDataView view, string name)
    {
        var col = view.Schema[name];
        var result = new List<float[]>();
        using var cursor = view.GetRowCursor([col]);
        var getter = cursor.GetGetter<VBuffer<float>>(col);
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            result.Add(value.DenseValues().ToArray());
        }
        return result.ToArray();
    }

    public static string[] Text(IDataView view, string name) => Column<ReadOnlyMemory<char>>(view, name).Select(m => m.ToString()).ToArray();

    public static float[] Singles(IDataView view, string name) => Column<float>(view, name);

    public static long Count(IDataView view)
    {
        long n = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext()) n++;
        return n;
    }
}
