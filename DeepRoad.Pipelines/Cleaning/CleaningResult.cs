using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Cleaning;

/// <summary>
/// A cleaner fitted on training data: apply <see cref="Transformer"/> to validation, test and prediction data
/// (row-wise, no row is removed); <see cref="Train"/> is the cleaned training data (duplicates removed).
/// </summary>
public sealed class CleaningResult
{
    internal CleaningResult(ITransformer transformer, IDataView train, CleaningReport report, InferredSchema schema)
    {
        Transformer = transformer;
        Train = train;
        Report = report;
        Schema = schema;
    }

    /// <summary>The fitted row-wise steps as saveable ML.NET transforms (Expression, DropColumns).</summary>
    public ITransformer Transformer { get; }

    /// <summary>The training data after every step, duplicates removed.</summary>
    public IDataView Train { get; }

    /// <summary>What each step changed on the training data.</summary>
    public CleaningReport Report { get; }

    /// <summary>The schema after cleaning: dropped columns removed, "&lt;name&gt;_missing" indicator columns added (role Boolean).</summary>
    public InferredSchema Schema { get; }

    /// <summary>Applies the fitted steps to other data (validation, test, prediction); unseen categories become "__rare__" when folding is on.</summary>
    public IDataView Transform(IDataView data) => Transformer.Transform(data);
}
