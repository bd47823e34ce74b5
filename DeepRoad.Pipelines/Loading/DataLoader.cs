using System.Data;
using System.Data.Common;
using DeepRoad.Pipelines.Schema;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// Loads tabular data from a CSV/TSV file, an <see cref="IEnumerable{T}"/> of the caller's class, a
/// <see cref="DataFrame"/>, a SQL query (through ML.NET's <see cref="DatabaseLoader"/>) or any scalar
/// <see cref="IDataView"/>, and infers the same schema for all of them.
/// </summary>
public static class DataLoader
{
    /// <summary>
    /// Reads a delimited file with a header (separator sniffed unless set), or a folder of images with one sub-folder per
    /// class (an <c>ImagePath</c> column and the label, named by <see cref="DataLoadOptions.Label"/> or <c>Label</c>),
    /// and infers its schema.
    /// </summary>
    public static LoadedData LoadFile(MLContext mlContext, string path, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        options ??= new DataLoadOptions();
        options.Validate();
        var table = CsvTableReader.Read(path, options, cancellationToken);
        return InferAndBuild(table, options, cancellationToken);
    }

    /// <summary>
    /// Reads a file with the types of a training schema (for validation, test or prediction data): the same
    /// columns and roles, no re-inference. The label column may be absent (prediction time). Image paths are made
    /// absolute against the file's own folder.
    /// Categories unseen in training are kept as they are; featurization maps them to the unknown slot.
    /// </summary>
    public static LoadedData LoadFile(MLContext mlContext, string path, InferredSchema trainingSchema, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(trainingSchema);
        options ??= new DataLoadOptions();
        options.Validate();
        // A folder of images names its columns as the training data did.
        var table = Directory.Exists(path)
            ? ImageFolderTable.Read(path, trainingSchema.Label?.Column ?? ImageFolder.DefaultLabelColumn,
                trainingSchema.Columns.FirstOrDefault(c => c.Role == ColumnRole.ImagePath)?.Name ?? ImageFolder.DefaultPathColumn, cancellationToken)
            : CsvTableReader.Read(path, options, cancellationToken);
        // Relative image paths are relative to this file's folder (or this folder), not to the training data's, which a
        // fitted pipeline resolves them against: they are made absolute here.
        foreach (var c in trainingSchema.Columns.Where(c => c.Role == ColumnRole.ImagePath))
            if (table.Find(c.Name) is { Kind: RawKind.Text, Text: { } values })
                for (int r = 0; r < values.Length; r++)
                    if (values[r] is { Length: > 0 } v) values[r] = ImageFileCheck.Resolve(v, table.BaseDirectory);
        var schema = trainingSchema with { Source = table.SourceName, RowCount = table.RowCount, BaseDirectory = table.BaseDirectory, Warnings = [] };
        if (trainingSchema.Label is { } label && table.Find(label.Column) is null)
            schema = schema with { Columns = schema.Columns.Where(c => c.Role != ColumnRole.Label).ToArray() };
        return new LoadedData(TypedViewBuilder.Build(table, schema, labelOptional: true), schema);
    }

    /// <summary>Infers the schema of the caller's objects (public fields and properties become columns).</summary>
    public static LoadedData FromEnumerable<T>(MLContext mlContext, IEnumerable<T> rows, DataLoadOptions? options = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(rows);
        var view = mlContext.Data.LoadFromEnumerable(rows);
        return FromDataView(mlContext, view, $"IEnumerable<{typeof(T).Name}>", options);
    }

    /// <summary>Infers the schema of a Microsoft.Data.Analysis DataFrame (nulls are missing values).</summary>
    public static LoadedData FromDataFrame(MLContext mlContext, DataFrame frame, DataLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(frame);
        options ??= new DataLoadOptions();
        options.Validate();
        return InferAndBuild(DataViewTableReader.Read(frame, "DataFrame", options), options, default);
    }

    /// <summary>
    /// Runs a SQL query through ML.NET's <see cref="DatabaseLoader"/> and infers the schema of its result.
    /// Column types come from the provider's reader (numbers as Double, text, booleans); SQL NULL is missing.
    /// </summary>
    public static LoadedData FromDatabase(MLContext mlContext, DbProviderFactory providerFactory, string connectionString, string sql,
        DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(providerFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        string source = $"SQL '{(sql.Length > 60 ? sql[..57] + "..." : sql)}'";
        var columns = DescribeQuery(providerFactory, connectionString, sql, source);
        var loader = mlContext.Data.CreateDatabaseLoader(columns);
        var view = loader.Load(new DatabaseSource(providerFactory, connectionString, sql));
        return FromDataView(mlContext, view, source, options, cancellationToken);
    }

    /// <summary>Infers the schema of any data view with scalar columns (numbers, booleans, text, dates).</summary>
    public static LoadedData FromDataView(MLContext mlContext, IDataView view, string sourceName, DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(view);
        options ??= new DataLoadOptions();
        options.Validate();
        return InferAndBuild(DataViewTableReader.Read(view, sourceName, options, cancellationToken), options, cancellationToken);
    }

    /// <summary>
    /// Reads any scalar data view with the types of a training schema (validation, test or prediction rows): the same
    /// columns and roles, no re-inference; the label may be absent. A missing column is an error naming it.
    /// </summary>
    public static LoadedData FromDataView(MLContext mlContext, IDataView view, string sourceName, InferredSchema trainingSchema,
        DataLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(trainingSchema);
        options ??= new DataLoadOptions();
        options.Validate();
        var table = DataViewTableReader.Read(view, sourceName, options, cancellationToken);
        var schema = trainingSchema with { Source = table.SourceName, RowCount = table.RowCount, Warnings = [] };
        if (trainingSchema.Label is { } label && table.Find(label.Column) is null)
            schema = schema with { Columns = schema.Columns.Where(c => c.Role != ColumnRole.Label).ToArray() };
        return new LoadedData(TypedViewBuilder.Build(table, schema, labelOptional: true), schema);
    }

    private static DatabaseLoader.Column[] DescribeQuery(DbProviderFactory factory, string connectionString, string sql, string source)
    {
        using var connection = factory.CreateConnection() ?? throw new ArgumentException("The provider factory created no connection.", nameof(factory));
        connection.ConnectionString = connectionString;
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader(CommandBehavior.SchemaOnly | CommandBehavior.KeyInfo);
        var result = new DatabaseLoader.Column[reader.FieldCount];
        if (result.Length == 0) throw new DeepRoadDataException($"{source}: the query returns no columns.");
        for (int i = 0; i < result.Length; i++)
        {
            var t = reader.GetFieldType(i);
            DbType dbType = t == typeof(string) || t == typeof(char) || t == typeof(Guid) ? DbType.String
                : t == typeof(bool) ? DbType.Boolean
                : t == typeof(DateTime) ? DbType.DateTime
                : t.IsPrimitive || t == typeof(decimal) ? DbType.Double
                : throw new DeepRoadDataException($"{source}: column '{reader.GetName(i)}' has unsupported type {t.Name}.") { Column = reader.GetName(i) };
            result[i] = new DatabaseLoader.Column(reader.GetName(i), dbType, i);
        }
        return result;
    }

    /// <summary>" Did you mean 'species'?" when one column has the name up to case and blanks; else "".</summary>
    private static string DidYouMean(RawTable table, string name)
    {
        var near = table.Columns.Where(c => string.Equals(c.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return near.Count == 1 ? $" Did you mean '{near[0].Name}'? (names are case-sensitive)" : "";
    }

    private static LoadedData InferAndBuild(RawTable table, DataLoadOptions options, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (table.RowCount == 0)
            throw new DeepRoadDataException($"{table.SourceName}: no rows.") { File = table.FilePath };
        if (options.Label is { } labelName)
        {
            var labelColumn = table.Find(labelName)
                ?? throw new DeepRoadDataException(
                    $"{table.SourceName}: label column '{labelName}' not found.{DidYouMean(table, labelName)} Available columns: {string.Join(", ", table.Columns.Select(c => c.Name))}.")
                { File = table.FilePath, Column = labelName };
            var keep = new bool[table.RowCount];
            int missingLabels = 0;
            for (int r = 0; r < keep.Length; r++)
            {
                keep[r] = !labelColumn.IsMissing(r);
                if (!keep[r]) missingLabels++;
            }
            if (missingLabels == table.RowCount)
                throw new DeepRoadDataException($"{table.SourceName}: label column '{labelName}' has no values (all {table.RowCount} rows are missing).")
                { File = table.FilePath, Column = labelName };
            if (missingLabels > 0)
            {
                int firstMissing = Array.IndexOf(keep, false);
                warnings.Add($"{missingLabels} row(s) without a label were dropped (first at {table.Where(firstMissing)})");
                table = table.KeepRows(keep);
            }
        }
        var schema = SchemaInferrer.Infer(table, options, warnings, cancellationToken);
        return new LoadedData(TypedViewBuilder.Build(table, schema, labelOptional: false), schema);
    }
}
