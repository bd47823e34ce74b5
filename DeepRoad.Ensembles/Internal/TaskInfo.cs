using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Internal;

/// <summary>The task read from the label column's type (docs/architecture.md conventions).</summary>
internal sealed record TaskInfo(MLTask Task, int Classes, string LabelColumn, IReadOnlyList<string> ClassNames)
{
    /// <summary>Values per prediction: classes, or 1 for regression.</summary>
    public int Width => Task == MLTask.Regression ? 1 : Classes;

    /// <summary>Features a stacked member contributes: binary drops the redundant P(false).</summary>
    public int StackedWidth => Task == MLTask.BinaryClassification ? 1 : Width;

    public bool IsClassification => Task != MLTask.Regression;

    public static TaskInfo FromSchema(DataViewSchema schema, string labelColumn)
    {
        var col = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentException($"Label column '{labelColumn}' is not in the data (columns: {string.Join(", ", schema.Select(c => c.Name))}).");
        var type = col.Type;
        if (type is BooleanDataViewType) return new TaskInfo(MLTask.BinaryClassification, 2, labelColumn, ["False", "True"]);
        if (type is KeyDataViewType key)
        {
            int k = checked((int)key.Count);
            if (k < 2) throw new ArgumentException($"Label column '{labelColumn}' has {k} classes; at least 2 are needed.");
            var names = new string[k];
            for (int i = 0; i < k; i++) names[i] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (col.Annotations.Schema.GetColumnOrNull("KeyValues") is { } kv && kv.Type is VectorDataViewType { ItemType: TextDataViewType })
            {
                VBuffer<ReadOnlyMemory<char>> values = default;
                col.Annotations.GetValue("KeyValues", ref values);
                int i = 0;
                foreach (var v in values.DenseValues()) { if (i < k) names[i] = v.ToString(); i++; }
            }
            return new TaskInfo(MLTask.MulticlassClassification, k, labelColumn, names);
        }
        if (type == NumberDataViewType.Single) return new TaskInfo(MLTask.Regression, 0, labelColumn, []);
        throw new ArgumentException(
            $"Label column '{labelColumn}' has type {type}; expected Boolean (binary), a key type (multiclass) or Single (regression).");
    }

    /// <summary>Type of PredictedLabel: Boolean, or the label's key type with its class names.</summary>
    public DataViewType PredictedLabelType => Task == MLTask.BinaryClassification
        ? BooleanDataViewType.Instance
        : new KeyDataViewType(typeof(uint), Classes);

    public DataViewSchema.Annotations? PredictedLabelAnnotations
    {
        get
        {
            if (Task != MLTask.MulticlassClassification) return null;
            var b = new DataViewSchema.Annotations.Builder();
            var names = ClassNames.Select(n => n.AsMemory()).ToArray();
            b.Add<VBuffer<ReadOnlyMemory<char>>>("KeyValues", new VectorDataViewType(TextDataViewType.Instance, Classes), (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(names.Length, names));
            return b.ToAnnotations();
        }
    }

    public DataViewSchema.Annotations? ScoreAnnotations
    {
        get
        {
            if (Task != MLTask.MulticlassClassification) return null;
            var b = new DataViewSchema.Annotations.Builder();
            var names = ClassNames.Select(n => n.AsMemory()).ToArray();
            b.Add<VBuffer<ReadOnlyMemory<char>>>("SlotNames", new VectorDataViewType(TextDataViewType.Instance, Classes), (ref VBuffer<ReadOnlyMemory<char>> v) => v = new VBuffer<ReadOnlyMemory<char>>(names.Length, names));
            return b.ToAnnotations();
        }
    }
}
