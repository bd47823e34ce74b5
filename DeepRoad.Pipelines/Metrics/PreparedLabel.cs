using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// What a prepared view's label column says about the task: Boolean (binary), key (multiclass, class count and
/// names from the key type and its key values) or Single/Double (regression).
/// </summary>
/// <param name="Task">The task the label's type implies.</param>
/// <param name="ClassCount">Number of classes (2 for binary, the key count for multiclass, 0 for regression).</param>
/// <param name="ClassNames">Class names in index order (binary: "False", "True"; key values when present).</param>
public sealed record PreparedLabel(MLTask Task, int ClassCount, IReadOnlyList<string> ClassNames)
{
    /// <summary>Inspects <paramref name="labelColumn"/> of <paramref name="schema"/>.</summary>
    /// <exception cref="DeepRoadDataException">The column is missing or has a type no task uses.</exception>
    public static PreparedLabel FromSchema(DataViewSchema schema, string labelColumn = "Label")
    {
        ArgumentNullException.ThrowIfNull(schema);
        var column = schema.GetColumnOrNull(labelColumn)
            ?? throw new DeepRoadDataException($"Label column '{labelColumn}' not found; columns are: {string.Join(", ", schema.Select(c => c.Name))}.") { Column = labelColumn };
        var type = column.Type;
        if (type is BooleanDataViewType)
            return new PreparedLabel(MLTask.BinaryClassification, 2, ["False", "True"]);
        if (type is KeyDataViewType key)
        {
            int count = checked((int)key.Count);
            if (count < 2)
                throw new DeepRoadDataException($"Label column '{labelColumn}' is a key type with {count} value(s); classification needs at least 2.") { Column = labelColumn };
            return new PreparedLabel(MLTask.MulticlassClassification, count, KeyNames(column, count));
        }
        if (type is NumberDataViewType && (type.RawType == typeof(float) || type.RawType == typeof(double)))
            return new PreparedLabel(MLTask.Regression, 0, []);
        throw new DeepRoadDataException(
            $"Label column '{labelColumn}' has type {type}; expected Boolean (binary), a key type (multiclass) or Single (regression).") { Column = labelColumn };
    }

    /// <summary>Inspects the label column of <paramref name="data"/>.</summary>
    public static PreparedLabel FromData(IDataView data, string labelColumn = "Label")
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromSchema(data.Schema, labelColumn);
    }

    /// <summary>The number of prediction columns of the task: <see cref="ClassCount"/>, or 1 for regression.</summary>
    public int PredictionWidth => Task == MLTask.Regression ? 1 : ClassCount;

    private const string KeyValuesKind = "KeyValues";

    private static string[] KeyNames(DataViewSchema.Column column, int count)
    {
        var names = Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var keyValues = column.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (keyValues is not { } kv || kv.Type is not VectorDataViewType vt) return names;
        var read = typeof(PreparedLabel).GetMethod(nameof(ReadKeyValues), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(vt.ItemType.RawType);
        var values = (string[])read.Invoke(null, [column])!;
        for (int i = 0; i < Math.Min(count, values.Length); i++) names[i] = values[i];
        return names;
    }

    private static string[] ReadKeyValues<T>(DataViewSchema.Column column)
    {
        var buffer = default(VBuffer<T>);
        column.Annotations.GetValue(KeyValuesKind, ref buffer);
        return buffer.DenseValues().Select(v => v is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : v?.ToString() ?? "").ToArray();
    }
}
