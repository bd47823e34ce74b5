using DeepRoad.Ensembles.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// Base of DeepRoad's own fitted trainers (extra trees, naive Bayes, the ridge meta-learner): they append scored
/// columns to any input, row by row, so batch <see cref="Transform"/> and <see cref="GetRowToRowMapper"/> (what
/// PredictionEngine uses) share one code path. They save through <see cref="Persistence.TransformerArchive"/>, since
/// ML.NET's own model format is closed to outside transformers.
/// </summary>
public abstract class ScoringTransformer : ITransformer
{
    private protected ScoringTransformer() { }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return Appender(inputSchema).OutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new AppendedDataView(input, Appender(input.Schema));
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return new AppendedRowMapper(inputSchema, Appender(inputSchema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException($"Save a pipeline holding a {GetType().Name} with DeepRoad.Ensembles.Persistence.TransformerArchive.");

    /// <summary>The appended columns and their getters for an input schema (checks the input's columns).</summary>
    private protected abstract ColumnAppender Appender(DataViewSchema input);
}
