using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// Data read from a source: a typed <see cref="IDataView"/> (numbers as Single with NaN for missing, booleans,
/// text) with the user's column names, and the <see cref="InferredSchema"/> that says what each column is.
/// </summary>
public sealed class LoadedData
{
    internal LoadedData(IDataView data, InferredSchema schema)
    {
        Data = data;
        Schema = schema;
    }

    /// <summary>The rows, typed as <see cref="Schema"/> says. The label keeps its raw values (class names as text, or Single).</summary>
    public IDataView Data { get; }

    /// <summary>Types, roles, counts and the label's task.</summary>
    public InferredSchema Schema { get; }

    /// <summary>The schema as a readable table.</summary>
    public SchemaReport Report => Schema.Report;

    /// <summary>
    /// The data with the label prepared as the <c>Label</c> column (Boolean, key or Single by task) and the
    /// user's label column removed. Throws when no label was named.
    /// </summary>
    public IDataView WithPreparedLabel(MLContext mlContext)
    {
        var label = Schema.Label ?? throw new InvalidOperationException($"{Schema.Source}: no label column was named, so there is no label to prepare.");
        return LabelPreparer.Prepare(mlContext, Data, label);
    }
}
