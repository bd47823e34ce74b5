using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Data;

/// <summary>ML.NET's scored columns for DeepRoad's own trainers, and the check of their feature vector.</summary>
internal static class ScoredColumns
{
    /// <summary>Score (log-odds), Probability, PredictedLabel (Boolean).</summary>
    public static List<AppendedColumn> Binary() =>
    [
        new("Score", NumberDataViewType.Single),
        new("Probability", NumberDataViewType.Single),
        new("PredictedLabel", BooleanDataViewType.Instance),
    ];

    /// <summary>A Score vector of class probabilities (slot names = class names) and a key PredictedLabel (key values = class names).</summary>
    public static List<AppendedColumn> Multiclass(int classes, IReadOnlyList<string>? classNames)
    {
        var scoreAnnotations = new DataViewSchema.Annotations.Builder();
        var keyAnnotations = new DataViewSchema.Annotations.Builder();
        if (classNames is { } names)
        {
            var values = new VBuffer<ReadOnlyMemory<char>>(names.Count, names.Select(n => n.AsMemory()).ToArray());
            var textVector = new VectorDataViewType(TextDataViewType.Instance, names.Count);
            ValueGetter<VBuffer<ReadOnlyMemory<char>>> getter = (ref VBuffer<ReadOnlyMemory<char>> dst) => values.CopyTo(ref dst);
            scoreAnnotations.Add("SlotNames", textVector, getter);
            keyAnnotations.Add("KeyValues", textVector, getter);
        }
        return
        [
            new("Score", new VectorDataViewType(NumberDataViewType.Single, classes), scoreAnnotations.ToAnnotations()),
            new("PredictedLabel", new KeyDataViewType(typeof(uint), classes), keyAnnotations.ToAnnotations()),
        ];
    }

    /// <summary>
    /// Getters of the <see cref="Multiclass"/> columns: the class probabilities, which <paramref name="score"/> fills
    /// for the current row, and the most probable class as a key (1-based).
    /// </summary>
    public static Delegate[] MulticlassGetters(Action score, float[] probabilities)
    {
        ValueGetter<VBuffer<float>> scores = (ref VBuffer<float> v) =>
        {
            score();
            var editor = VBufferEditor.Create(ref v, probabilities.Length);
            probabilities.CopyTo(editor.Values);
            v = editor.Commit();
        };
        ValueGetter<uint> key = (ref uint v) =>
        {
            score();
            int best = 0;
            for (int c = 1; c < probabilities.Length; c++)
                if (probabilities[c] > probabilities[best]) best = c;
            v = (uint)best + 1;
        };
        return [scores, key];
    }

    /// <summary>
    /// Getters of the <see cref="Binary"/> columns from P(class 1), which <paramref name="score"/> fills in
    /// <c>probability[0]</c> for the current row: Score is its log-odds (clipped away from 0 and 1), so that it ranks as
    /// Probability does and has ML.NET's "margin" meaning.
    /// </summary>
    public static Delegate[] BinaryGetters(Action score, float[] probability)
    {
        ValueGetter<float> margin = (ref float v) => { score(); v = Logit(probability[0]); };
        ValueGetter<float> p = (ref float v) => { score(); v = probability[0]; };
        ValueGetter<bool> predicted = (ref bool v) => { score(); v = probability[0] > 0.5f; };
        return [margin, p, predicted];
    }

    /// <summary>
    /// Getters of the task's scored columns (<see cref="FittedHeader.OutputColumns"/>) from <paramref name="output"/>,
    /// which <paramref name="score"/> fills for the current row: P(class 1) (binary), class probabilities (multiclass)
    /// or the value (regression).
    /// </summary>
    public static Delegate[] Getters(MLTask task, Action score, float[] output)
    {
        switch (task)
        {
            case MLTask.BinaryClassification:
                return BinaryGetters(score, output);
            case MLTask.MulticlassClassification:
                return MulticlassGetters(score, output);
            default:
                ValueGetter<float> value = (ref float v) => { score(); v = output[0]; };
                return [value];
        }
    }

    /// <summary>The class count of a task's label (2 for binary, the key's size for multiclass, 0 for regression) and the class names of a key label.</summary>
    public static (int Count, string[]? Names) Classes(DataViewSchema.Column label, MLTask task) => task switch
    {
        MLTask.BinaryClassification => (2, null),
        MLTask.MulticlassClassification => (checked((int)((KeyDataViewType)label.Type).Count), ClassNames(label)),
        _ => (0, null),
    };

    private static float Logit(float p)
    {
        double q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return (float)Math.Log(q / (1 - q));
    }

    /// <summary>The class names of a key label (its KeyValues), or null.</summary>
    public static string[]? ClassNames(DataViewSchema.Column label)
    {
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } }) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        return names.DenseValues().Select(m => m.ToString()).ToArray();
    }

    /// <summary>The task a label type stands for (Boolean = binary, UInt32 key = multiclass, Single = regression), or null.</summary>
    public static MLTask? TaskOf(DataViewType label) => label switch
    {
        BooleanDataViewType => MLTask.BinaryClassification,
        KeyDataViewType { Count: > 0 } key when key.RawType == typeof(uint) => MLTask.MulticlassClassification,
        NumberDataViewType n when n == NumberDataViewType.Single => MLTask.Regression,
        _ => null,
    };

    /// <summary>
    /// The label column and its task, or an error naming the column and saying what the trainer needs (for example
    /// "naive Bayes needs Boolean (binary) or a UInt32 key (multiclass)").
    /// </summary>
    public static (MLTask Task, DataViewSchema.Column Column) Label(DataViewSchema schema, string label, Func<MLTask, bool> accepts, string needs)
    {
        var column = schema.GetColumnOrNull(label)
            ?? throw new ArgumentException($"Label column '{label}' not found. Available: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (TaskOf(column.Type) is not { } task || !accepts(task))
            throw new ArgumentException($"Label column '{label}' has type {column.Type}; {needs}.");
        return (task, column);
    }

    /// <summary>
    /// A trainer's output shape: checks the feature vector and the label (as <see cref="Label"/> does, on a shape, which
    /// describes a key by its raw type and IsKey) and adds the task's scored columns.
    /// </summary>
    public static SchemaShape OutputShape(SchemaShape input, string features, string label, Func<MLTask, bool> accepts, string needs)
    {
        if (!SchemaShapes.TryFind(input, features, out var f))
            throw new ArgumentException($"Feature column '{features}' not found. Available: {string.Join(", ", input.Select(c => c.Name))}.");
        if (f.Kind != SchemaShape.Column.VectorKind.Vector || f.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Feature column '{features}' must be a known-size vector of Single.");
        if (!SchemaShapes.TryFind(input, label, out var l))
            throw new ArgumentException($"Label column '{label}' not found. Available: {string.Join(", ", input.Select(c => c.Name))}.");
        var task = l.IsKey ? l.ItemType == NumberDataViewType.UInt32 ? MLTask.MulticlassClassification : (MLTask?)null : TaskOf(l.ItemType);
        if (task is not { } t || !accepts(t) || l.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentException($"Label column '{label}' has type {l.ItemType}; {needs}.");
        var b = SchemaShapes.ToBuilder(input, name => name is not ("Score" or "Probability" or "PredictedLabel"));
        // A shape knows neither the class count nor the key's size: a multiclass vector and key of any size will do.
        var columns = t switch
        {
            MLTask.BinaryClassification => Binary(),
            MLTask.MulticlassClassification => Multiclass(2, null),
            _ => [new AppendedColumn("Score", NumberDataViewType.Single)],
        };
        foreach (var c in columns) b.AddColumn(c.Name, c.Type);
        return SchemaShapes.Create(b.ToSchema());
    }

    /// <summary>The width of a known-size vector of Single, or an error naming the column.</summary>
    public static int FeatureWidth(DataViewSchema schema, string column)
    {
        var c = schema.GetColumnOrNull(column)
            ?? throw new ArgumentException($"Feature column '{column}' not found. Available: {string.Join(", ", schema.Select(x => x.Name))}.");
        if (c.Type is not VectorDataViewType { ItemType: var t, Size: > 0 } v || t != NumberDataViewType.Single)
            throw new ArgumentException($"Feature column '{column}' must be a known-size vector of Single, not {c.Type}.");
        return v.Size;
    }
}
