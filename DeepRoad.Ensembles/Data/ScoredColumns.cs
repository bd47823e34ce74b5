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

    /// <summary>The class names of a key label (its KeyValues), or null.</summary>
    public static string[]? ClassNames(DataViewSchema.Column label)
    {
        if (label.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } }) return null;
        VBuffer<ReadOnlyMemory<char>> names = default;
        label.GetKeyValues(ref names);
        return names.DenseValues().Select(m => m.ToString()).ToArray();
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
