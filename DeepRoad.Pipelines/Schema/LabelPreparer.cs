using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace DeepRoad.Pipelines.Schema;

/// <summary>
/// Turns the user's label column into DeepRoad's <c>Label</c> column (docs/architecture.md): Boolean for
/// binary (true = the positive class), a key type with classes in <see cref="LabelInfo.Classes"/> order for
/// multiclass, Single for regression. The user's column is dropped so it cannot leak into the features.
/// </summary>
public static class LabelPreparer
{
    /// <summary>Name of the prepared label column.</summary>
    public const string LabelColumnName = "Label";

    /// <summary>An estimator that prepares the label; it learns nothing from data, so it is fold-safe.</summary>
    public static IEstimator<ITransformer> CreateEstimator(MLContext mlContext, LabelInfo label)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(label);
        var conv = mlContext.Transforms.Conversion;
        IEstimator<ITransformer> estimator = label.Task switch
        {
            MLTask.BinaryClassification => conv.MapValue(LabelColumnName,
                label.Classes.Select(c => new KeyValuePair<string, bool>(c, c == label.PositiveClass)), label.Column),
            MLTask.MulticlassClassification => conv.MapValueToKey(LabelColumnName, label.Column,
                keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence,
                keyData: mlContext.Data.LoadFromEnumerable(label.Classes.Select(c => new ClassRow { Class = c }))),
            _ => label.Column == LabelColumnName
                ? conv.ConvertType(LabelColumnName, label.Column, Microsoft.ML.Data.DataKind.Single)
                : mlContext.Transforms.CopyColumns(LabelColumnName, label.Column),
        };
        if (label.Column != LabelColumnName)
            estimator = estimator.Append(mlContext.Transforms.DropColumns(label.Column));
        return estimator;
    }

    /// <summary>Applies <see cref="CreateEstimator"/> to <paramref name="data"/>.</summary>
    public static IDataView Prepare(MLContext mlContext, IDataView data, LabelInfo label)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Schema.GetColumnOrNull(label.Column) is null)
            throw new DeepRoadDataException(
                $"label column '{label.Column}' not found. Available columns: {string.Join(", ", data.Schema.Select(c => c.Name))}.") { Column = label.Column };
        return CreateEstimator(mlContext, label).Fit(data).Transform(data);
    }

    private sealed class ClassRow
    {
        public string Class { get; set; } = "";
    }
}
