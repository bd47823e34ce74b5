using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Data;

/// <summary>The row-to-row mapper (what PredictionEngine uses) of a transformer that appends columns through a <see cref="ColumnAppender"/>.</summary>
internal sealed class AppendedRowMapper(DataViewSchema input, ColumnAppender appender) : IRowToRowMapper
{
    public DataViewSchema InputSchema { get; } = input;

    public DataViewSchema OutputSchema { get; } = appender.OutputSchema(input);

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) => InputSchema;

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns) => new AppendedRow(input, appender, OutputSchema);
}
