using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Reads a label column as ground truth for <see cref="Metric.Compute(MetricKind, ReadOnlySpan{float}, PredictionMatrix, MLTask)"/>: Boolean -> 0/1, key -> 0-based class index,
/// Single/Double -> the value. Binary also accepts a 2-valued key or 0/1 numbers; multiclass also accepts
/// non-negative whole numbers.
/// </summary>
public static class LabelReader
{
    /// <summary>The labels of every row of <paramref name="data"/>, in row order.</summary>
    /// <exception cref="DeepRoadDataException">The column is missing, has the wrong type, or a row's label is missing.</exception>
    public static float[] Read(IDataView data, MLTask task, string labelColumn = "Label", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var column = data.Schema.GetColumnOrNull(labelColumn)
            ?? throw new DeepRoadDataException($"Label column '{labelColumn}' not found; columns are: {string.Join(", ", data.Schema.Select(c => c.Name))}.") { Column = labelColumn };
        var type = column.Type;
        var raw = type.RawType;
        var values = new List<float>((int)(data.GetRowCount() ?? 1024));
        using var cursor = data.GetRowCursor([column]);

        if (type is BooleanDataViewType)
        {
            Require(task != MLTask.Regression, labelColumn, type, task);
            var getter = cursor.GetGetter<bool>(column);
            bool v = false;
            while (Next(cursor, cancellationToken)) { getter(ref v); values.Add(v ? 1f : 0f); }
        }
        else if (type is KeyDataViewType key)
        {
            Require(task != MLTask.Regression, labelColumn, type, task);
            Require(task != MLTask.BinaryClassification || key.Count == 2, labelColumn, type, task);
            var getter = KeyGetter(cursor, column, raw);
            while (Next(cursor, cancellationToken))
            {
                ulong k = getter();
                if (k == 0)
                    throw new DeepRoadDataException($"Label column '{labelColumn}': row {cursor.Position} has a missing label (key 0).") { Column = labelColumn };
                values.Add(k - 1);
            }
        }
        else if (raw == typeof(float) || raw == typeof(double))
        {
            var getter = NumberGetter(cursor, column, raw);
            while (Next(cursor, cancellationToken))
            {
                float v = getter();
                bool ok = task switch
                {
                    MLTask.BinaryClassification => v is 0f or 1f,
                    MLTask.MulticlassClassification => v >= 0 && v == MathF.Floor(v),
                    _ => !float.IsNaN(v),
                };
                if (!ok)
                    throw new DeepRoadDataException($"Label column '{labelColumn}': row {cursor.Position} has label {v}, which is not valid for {task}.") { Column = labelColumn };
                values.Add(v);
            }
        }
        else
        {
            Require(false, labelColumn, type, task);
        }
        return values.ToArray();
    }

    private static bool Next(DataViewRowCursor cursor, CancellationToken ct)
    {
        if ((cursor.Position & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
        return cursor.MoveNext();
    }

    private static void Require(bool condition, string labelColumn, DataViewType type, MLTask task)
    {
        if (!condition)
            throw new DeepRoadDataException(
                $"Label column '{labelColumn}' has type {type}, which does not fit {task} (expected Boolean for binary, a key type for multiclass, Single for regression).")
            { Column = labelColumn };
    }

    private static Func<ulong> KeyGetter(DataViewRowCursor cursor, DataViewSchema.Column column, Type raw)
    {
        if (raw == typeof(uint)) { var g = cursor.GetGetter<uint>(column); uint v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(ushort)) { var g = cursor.GetGetter<ushort>(column); ushort v = 0; return () => { g(ref v); return v; }; }
        if (raw == typeof(byte)) { var g = cursor.GetGetter<byte>(column); byte v = 0; return () => { g(ref v); return v; }; }
        { var g = cursor.GetGetter<ulong>(column); ulong v = 0; return () => { g(ref v); return v; }; }
    }

    private static Func<float> NumberGetter(DataViewRowCursor cursor, DataViewSchema.Column column, Type raw)
    {
        if (raw == typeof(float)) { var g = cursor.GetGetter<float>(column); float v = 0; return () => { g(ref v); return v; }; }
        { var g = cursor.GetGetter<double>(column); double v = 0; return () => { g(ref v); return (float)v; }; }
    }
}
