using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Internal;

/// <summary>Reads a member's scored row (ML.NET's Score/Probability/PredictedLabel) into task-width floats.</summary>
internal static class ScoredRowReader
{
    public static IEnumerable<DataViewSchema.Column> NeededColumns(DataViewSchema scored, OutputMode mode, TaskInfo task)
    {
        string name = ColumnFor(mode, task);
        var c = scored.GetColumnOrNull(name)
            ?? throw new InvalidOperationException($"The member's output has no '{name}' column (columns: {string.Join(", ", scored.Select(x => x.Name))}).");
        return [c];
    }

    private static string ColumnFor(OutputMode mode, TaskInfo task) => mode switch
    {
        OutputMode.HardLabel => "PredictedLabel",
        OutputMode.Value => "Score",
        _ => task.Task == MLTask.BinaryClassification ? "Probability" : "Score",
    };

    /// <summary>A function filling the current row's predictions (length <see cref="TaskInfo.Width"/>).</summary>
    public static Action<Span<float>> Create(DataViewRow row, OutputMode mode, TaskInfo task)
    {
        var col = row.Schema[ColumnFor(mode, task)];
        switch (mode)
        {
            case OutputMode.Value:
            {
                var g = row.GetGetter<float>(col);
                return dst => { float v = 0; g(ref v); dst[0] = v; };
            }
            case OutputMode.HardLabel when task.Task == MLTask.BinaryClassification:
            {
                var g = row.GetGetter<bool>(col);
                return dst => { bool v = false; g(ref v); dst[0] = v ? 0 : 1; dst[1] = v ? 1 : 0; };
            }
            case OutputMode.HardLabel:
            {
                var g = row.GetGetter<uint>(col);
                return dst => { uint v = 0; g(ref v); dst.Clear(); if (v > 0 && v <= dst.Length) dst[(int)v - 1] = 1; };
            }
            default:
                if (task.Task == MLTask.BinaryClassification)
                {
                    var g = row.GetGetter<float>(col);
                    return dst =>
                    {
                        float p = 0; g(ref p);
                        if (float.IsNaN(p)) p = 0.5f;
                        p = Math.Clamp(p, 0f, 1f);
                        dst[0] = 1 - p; dst[1] = p;
                    };
                }
                else
                {
                    var g = row.GetGetter<VBuffer<float>>(col);
                    VBuffer<float> buf = default;
                    return dst =>
                    {
                        g(ref buf);
                        if (buf.Length != dst.Length)
                            throw new InvalidOperationException($"A member's Score has {buf.Length} classes; the label has {dst.Length}.");
                        buf.CopyTo(dst);
                        float sum = 0;
                        for (int k = 0; k < dst.Length; k++) { if (!(dst[k] >= 0)) dst[k] = 0; sum += dst[k]; }
                        if (sum > 0) for (int k = 0; k < dst.Length; k++) dst[k] /= sum;
                        else dst.Fill(1f / dst.Length);
                    };
                }
        }
    }

    /// <summary>Reads a whole scored view into a rows x width array (rows in cursor order).</summary>
    public static float[] ReadAll(IDataView scored, OutputMode mode, TaskInfo task, int expectedRows)
    {
        int w = task.Width;
        var result = new float[(long)expectedRows * w];
        using var cursor = scored.GetRowCursor(NeededColumns(scored.Schema, mode, task));
        var fill = Create(cursor, mode, task);
        int r = 0;
        while (cursor.MoveNext())
        {
            if (r >= expectedRows) throw new InvalidOperationException($"Scored data has more than the expected {expectedRows} rows.");
            fill(result.AsSpan(r * w, w));
            r++;
        }
        if (r != expectedRows) throw new InvalidOperationException($"Scored data has {r} rows, expected {expectedRows}.");
        return result;
    }

    /// <summary>The label as floats: class index for classification, value for regression.</summary>
    public static float[] ReadLabels(IDataView data, TaskInfo task)
    {
        var col = data.Schema[task.LabelColumn];
        var list = new List<float>();
        using var cursor = data.GetRowCursor([col]);
        switch (task.Task)
        {
            case MLTask.BinaryClassification:
            {
                var g = cursor.GetGetter<bool>(col);
                bool v = false;
                while (cursor.MoveNext()) { g(ref v); list.Add(v ? 1 : 0); }
                break;
            }
            case MLTask.MulticlassClassification:
            {
                var g = cursor.GetGetter<uint>(col);
                uint v = 0;
                long row = 0;
                while (cursor.MoveNext())
                {
                    g(ref v);
                    if (v == 0) throw new DeepRoadDataException($"Label column '{task.LabelColumn}' has a missing value at row {row + 1}.") { Column = task.LabelColumn };
                    list.Add(v - 1);
                    row++;
                }
                break;
            }
            default:
            {
                var g = cursor.GetGetter<float>(col);
                float v = 0;
                long row = 0;
                while (cursor.MoveNext())
                {
                    g(ref v);
                    if (float.IsNaN(v)) throw new DeepRoadDataException($"Label column '{task.LabelColumn}' has a missing value at row {row + 1}.") { Column = task.LabelColumn };
                    list.Add(v);
                    row++;
                }
                break;
            }
        }
        return list.ToArray();
    }
}
