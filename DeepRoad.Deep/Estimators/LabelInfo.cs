using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Estimators;

/// <summary>How the label is read: task, number of outputs and (multiclass) class names in key order.</summary>
internal static class LabelInfo
{
    public static void CheckType(DataViewSchema schema, string label, MLTask task)
    {
        var col = schema.GetColumnOrNull(label)
            ?? throw new ArgumentException($"Label column '{label}' not found. Available: {string.Join(", ", schema.Select(c => c.Name))}.");
        bool ok = task switch
        {
            MLTask.BinaryClassification => col.Type == BooleanDataViewType.Instance,
            MLTask.MulticlassClassification => col.Type is KeyDataViewType { RawType: var t } && t == typeof(uint),
            MLTask.Regression => col.Type == NumberDataViewType.Single,
            _ => false,
        };
        if (!ok)
        {
            string want = task switch
            {
                MLTask.BinaryClassification => "Boolean",
                MLTask.MulticlassClassification => "a UInt32 key (MapValueToKey)",
                _ => "Single",
            };
            throw new ArgumentException($"Label column '{label}' has type {col.Type}; {task} needs {want}.");
        }
    }

    public static int ClassCount(DataViewSchema schema, string label, MLTask task) => task switch
    {
        MLTask.BinaryClassification => 2,
        MLTask.MulticlassClassification => checked((int)((KeyDataViewType)schema[label].Type).Count),
        _ => 0,
    };

    public static string[]? ClassNames(DataViewSchema schema, string label, MLTask task)
    {
        if (task != MLTask.MulticlassClassification) return null;
        var col = schema[label];
        if (col.Annotations.Schema.GetColumnOrNull("KeyValues") is not { } kv) return null;
        if (kv.Type is not VectorDataViewType { ItemType: TextDataViewType }) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        col.GetKeyValues(ref names);
        return names.DenseValues().Select(m => m.ToString()).ToArray();
    }

    /// <summary>Labels as floats: 0/1 (binary), class index 0..k-1 (multiclass), value (regression).</summary>
    public static float[] Read(IDataView data, string label, MLTask task)
    {
        var col = data.Schema[label];
        var list = new List<float>();
        using var cursor = data.GetRowCursor(new[] { col });
        long row = 0;
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var g = cursor.GetGetter<bool>(col);
                bool v = false;
                while (cursor.MoveNext()) { g(ref v); list.Add(v ? 1f : 0f); }
                break;
            }
            case MLTask.MulticlassClassification:
            {
                var g = cursor.GetGetter<uint>(col);
                uint v = 0;
                while (cursor.MoveNext())
                {
                    g(ref v);
                    row++;
                    if (v == 0) throw new DeepRoadDataException($"Label column '{label}' is missing (key 0) at row {row}.") { Column = label };
                    list.Add(v - 1);
                }
                break;
            }
            default:
            {
                var g = cursor.GetGetter<float>(col);
                float v = 0;
                while (cursor.MoveNext())
                {
                    g(ref v);
                    row++;
                    if (!float.IsFinite(v)) throw new DeepRoadDataException($"Label column '{label}' is missing or not finite at row {row}.") { Column = label };
                    list.Add(v);
                }
                break;
            }
        }
        return list.ToArray();
    }
}
