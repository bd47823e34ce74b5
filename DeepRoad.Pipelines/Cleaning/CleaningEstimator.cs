using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Cleaning;

/// <summary>
/// The row-wise cleaning steps as an ML.NET estimator, so they sit inside a pipeline and are refitted on each
/// training fold by cross-validation. Duplicate removal is not part of it (it would drop rows at prediction time);
/// use <see cref="DataCleaner.Fit"/> on the training set for that. Indicator columns are added for the columns
/// that the schema reports as having missing values, so every fold yields the same columns.
/// </summary>
public sealed class CleaningEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _mlContext;
    private readonly InferredSchema _schema;
    private readonly CleaningOptions _options;

    /// <summary>Creates the estimator; <see cref="CleaningOptions.RemoveDuplicateRows"/> is ignored.</summary>
    public CleaningEstimator(MLContext mlContext, InferredSchema schema, CleaningOptions? options = null)
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _options = (options ?? new CleaningOptions()) with { RemoveDuplicateRows = false };
        _options.Validate();
    }

    /// <summary>Fits fill values, bounds and frequent categories on <paramref name="input"/>.</summary>
    public ITransformer Fit(IDataView input) => DataCleaner.Fit(_mlContext, input, _schema, _options).Transformer;

    /// <summary>The output shape, computed without data (placeholder values give the same columns).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var names = new HashSet<string>(inputSchema.Select(c => c.Name));
        var plan = DataCleaner.BuildPlan(null, names, _schema, _options, [], default);
        return plan.ToEstimator(_mlContext).GetOutputSchema(inputSchema);
    }
}
