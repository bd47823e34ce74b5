using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.AutoML.Data;

/// <summary>
/// Loading and schema inference through DeepRoad.Pipelines (<see cref="DataLoader"/>: CsvHelper parsing, missing-value
/// tokens, roles, label task and class order), turned into AutoML's in-memory cells and <see cref="DatasetSchema"/>.
/// </summary>
internal static class TableLoading
{
    /// <summary>Loads a training file: cells plus the schema (roles, task, classes in label order) inferred by Pipelines.</summary>
    public static (CsvText Cells, DatasetSchema Schema) LoadTraining(string path, AutoMLOptions o)
    {
        var loaded = DataLoader.LoadFile(new MLContext(o.Seed), path, Options(o));
        return (DataViewCells.Read(loaded.Data, path), ToSchema(loaded.Schema, o));
    }

    /// <summary>Infers the schema of an in-memory view through Pipelines and reads its cells.</summary>
    public static (CsvText Cells, DatasetSchema Schema) FromDataView(IDataView view, AutoMLOptions o)
    {
        var loaded = DataLoader.FromDataView(new MLContext(o.Seed), view, "(data view)", Options(o));
        return (DataViewCells.Read(loaded.Data), ToSchema(loaded.Schema, o));
    }

    /// <summary>Loads a test or prediction file (label optional); columns are matched to the model's schema by name.</summary>
    public static CsvText LoadCells(string path)
    {
        var loaded = DataLoader.LoadFile(new MLContext(0), path, new DataLoadOptions { AllMissingColumns = AllMissingColumnPolicy.Drop, ValidateImageFiles = false });
        return DataViewCells.Read(loaded.Data, path);
    }

    private static DataLoadOptions Options(AutoMLOptions o) => new()
    {
        Label = o.LabelColumn,
        Task = o.Task switch
        {
            AutoMLTask.Binary => MLTask.BinaryClassification,
            AutoMLTask.Multiclass => MLTask.MulticlassClassification,
            AutoMLTask.Regression => MLTask.Regression,
            _ => null,
        },
        AllMissingColumns = AllMissingColumnPolicy.Drop,
    };

    private static DatasetSchema ToSchema(InferredSchema s, AutoMLOptions o)
    {
        var label = s.Label ?? throw new DeepRoadDataException($"{s.Source}: label column '{o.LabelColumn}' not found.") { Column = o.LabelColumn };
        var cols = s.Columns
            .Where(c => c.Role != ColumnRole.Label && !o.IgnoreColumns.Contains(c.Name))
            .Select(c => new ColumnInfo(c.Name, Kind(c.Role), c.MissingCount, c.DistinctCount))
            .ToList();
        if (!cols.Any(c => c.IsFeature))
            throw new DeepRoadDataException($"{s.Source}: no usable feature columns besides label '{label.Column}' (all are constant, identifiers or empty).");
        return new DatasetSchema
        {
            Columns = cols, LabelColumn = label.Column, Task = label.Task,
            ClassNames = label.Task == MLTask.Regression ? [] : label.ClassNamesInLabelOrder, Rows = s.RowCount,
        };
    }

    // Booleans are one-hot encoded like two-valued categories.
    private static ColumnKind Kind(ColumnRole role) => role switch
    {
        ColumnRole.Numeric => ColumnKind.Numeric,
        ColumnRole.Boolean or ColumnRole.Categorical => ColumnKind.Categorical,
        ColumnRole.Text => ColumnKind.Text,
        ColumnRole.ImagePath => ColumnKind.ImagePath,
        ColumnRole.Identifier => ColumnKind.Identifier,
        _ => ColumnKind.Constant,
    };
}
