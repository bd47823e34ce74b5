using System.Globalization;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Data;

/// <summary>
/// AutoML's glue to DeepRoad.Pipelines loading: training data through <see cref="DataLoader"/> and
/// <see cref="LabelPreparer"/> (the label contract), prediction rows (files, data views, dictionaries) typed by the
/// training <see cref="InferredSchema"/>, and column copies for permutation importance.
/// </summary>
internal static class AutoMLData
{
    /// <summary>Loads and infers a training file (label, task and class order by DeepRoad.Pipelines).</summary>
    public static TrainingSet Load(MLContext ml, string path, AutoMLOptions o) =>
        Prepare(ml, DataLoader.LoadFile(ml, path, Options(o)), o);

    /// <summary>Infers the schema of an in-memory view and prepares it like a file.</summary>
    public static TrainingSet Load(MLContext ml, IDataView view, AutoMLOptions o) =>
        Prepare(ml, DataLoader.FromDataView(ml, view, "(data view)", Options(o)), o);

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

    private static readonly DataLoadOptions PredictionOptions = new() { ValidateImageFiles = false, AllMissingColumns = AllMissingColumnPolicy.Drop };

    private static TrainingSet Prepare(MLContext ml, LoadedData loaded, AutoMLOptions o)
    {
        var s = loaded.Schema;
        var label = s.Label ?? throw new DeepRoadDataException($"{s.Source}: label column '{o.LabelColumn}' not found.") { Column = o.LabelColumn };
        var unknown = o.IgnoreColumns.Where(n => s.Columns.All(c => c.Name != n && c.SourceName != n)).ToList();
        var group = o.GroupColumn is { } groupName ? GroupColumn(s, groupName) : null;
        if (unknown.Count > 0)
            throw new ArgumentException($"IgnoreColumns: {string.Join(", ", unknown.Select(n => $"'{n}'"))} not in {s.Source}; columns are {string.Join(", ", s.Columns.Select(c => c.SourceName).Distinct())}.");
        // Ignored columns stay in the schema as dropped (constant role): reports show them and prediction does not need them.
        s = s with
        {
            Columns = s.Columns.Select(c => (o.IgnoreColumns.Contains(c.Name) || o.IgnoreColumns.Contains(c.SourceName)) && c.Role != ColumnRole.Label
                ? c with { Role = ColumnRole.Constant, Reason = "left out by IgnoreColumns" }
                : c.Name == group?.Name ? c with { Role = ColumnRole.Constant, Reason = "the group column (GroupColumn): it splits the validation folds, it is not a feature" }
                : c).ToArray(),
        };
        if (!s.Columns.Any(IsInput))
            throw new DeepRoadDataException($"{s.Source}: no usable feature columns besides label '{label.Column}' (all are constant, identifiers or empty).");
        var prepared = LabelPreparer.Prepare(ml, loaded.Data, label);
        var truth = LabelReader.Read(prepared, label.Task);
        return new TrainingSet(s, prepared, truth)
        {
            Groups = group is null ? null : ReadGroups(loaded.Data, group, truth.Length, s.Source),
            Times = o.TimeOrderColumn is { } timeName ? ReadTimes(loaded.Data, s, timeName, truth.Length) : null,
        };
    }

    /// <summary>
    /// Each row's time from <paramref name="name"/>: a numeric column's values, or a date column's day count (days since
    /// 1970 with the time of day as a fraction). Another kind of column, or a row without a value, is an error naming it.
    /// </summary>
    private static double[] ReadTimes(IDataView data, InferredSchema s, string name, int rows)
    {
        const string Option = "TimeOrderColumn (--time-order)";
        var column = s.Columns.FirstOrDefault(c => c.Date is { Part: DatePart.Days } d && d.Source == name)
            ?? s.Columns.FirstOrDefault(c => c.Date is null && (c.Name == name || c.SourceName == name))
            ?? throw new ArgumentException($"{Option}: '{name}' not in {s.Source}; columns are {string.Join(", ", s.Columns.Select(c => c.SourceName).Distinct())}.");
        if (column.Role == ColumnRole.Label) throw new ArgumentException($"{Option}: '{name}' is the label; name the column that dates the rows.");
        if (column.Kind != ColumnValueKind.Single || data.Schema.GetColumnOrNull(column.Name) is null)
            throw new ArgumentException($"{Option}: '{name}' is {column.Role.ToString().ToLowerInvariant()} ({column.Reason}), not a date or a number, so it cannot order the rows in time.");
        var times = new double[rows];
        var col = data.Schema[column.Name];
        using var cursor = data.GetRowCursor([col]);
        var get = cursor.GetGetter<float>(col);
        float v = 0;
        for (int row = 0; cursor.MoveNext(); row++)
        {
            get(ref v);
            if (float.IsNaN(v))
                throw new DeepRoadDataException($"{s.Source}, row {row + 1}, column '{name}': no time ({Option}); every row needs one to be put in order.") { Column = name };
            times[row] = v;
        }
        return times;
    }

    /// <summary>The group column by its name or source name; an error naming the option when it is missing or the label.</summary>
    private static ColumnInfo GroupColumn(InferredSchema s, string name)
    {
        var column = s.Columns.FirstOrDefault(c => c.Name == name) ?? s.Columns.FirstOrDefault(c => c.SourceName == name && c.Date is null)
            ?? throw new ArgumentException($"GroupColumn (--group): '{name}' not in {s.Source}; columns are {string.Join(", ", s.Columns.Select(c => c.SourceName).Distinct())}.");
        if (column.Role == ColumnRole.Label)
            throw new ArgumentException($"GroupColumn (--group): '{name}' is the label; name the column whose rows belong together (a patient or customer id).");
        return column;
    }

    /// <summary>Each row's group as text (numbers in invariant form); a row without one is an error naming it.</summary>
    private static string[] ReadGroups(IDataView data, ColumnInfo column, int rows, string source)
    {
        var col = data.Schema[column.Name];
        var groups = new string[rows];
        using var cursor = data.GetRowCursor([col]);
        int row = 0;
        if (col.Type is TextDataViewType)
        {
            var get = cursor.GetGetter<ReadOnlyMemory<char>>(col);
            ReadOnlyMemory<char> v = default;
            for (; cursor.MoveNext(); row++) { get(ref v); groups[row] = v.IsEmpty ? Missing(row) : v.ToString(); }
        }
        else if (col.Type is BooleanDataViewType)
        {
            var get = cursor.GetGetter<bool>(col);
            bool v = false;
            for (; cursor.MoveNext(); row++) { get(ref v); groups[row] = v ? "true" : "false"; }
        }
        else
        {
            var get = cursor.GetGetter<float>(col);
            float v = 0;
            for (; cursor.MoveNext(); row++) { get(ref v); groups[row] = float.IsNaN(v) ? Missing(row) : v.ToString("R", CultureInfo.InvariantCulture); }
        }
        return groups;

        string Missing(int r) => throw new DeepRoadDataException(
            $"{source}, row {r + 1}, column '{column.SourceName}': no group (GroupColumn, --group); every row needs one.") { Column = column.SourceName };
    }

    /// <summary>Columns a model reads: features (numeric, boolean, categorical, text) and image paths.</summary>
    public static bool IsInput(ColumnInfo c) => c.IsFeature || c.Role == ColumnRole.ImagePath;

    /// <summary>The training schema restricted to what prediction needs (inputs and, when present, the label).</summary>
    public static InferredSchema ForPrediction(InferredSchema s) =>
        s with { Columns = s.Columns.Where(c => IsInput(c) || c.Role == ColumnRole.Label).ToArray() };

    /// <summary>Reads a CSV/TSV file typed by the training schema; <paramref name="truth"/> is set when the file has the label.</summary>
    public static IDataView FromFile(MLContext ml, InferredSchema schema, string path, bool requireLabel, out float[]? truth)
    {
        truth = null;
        // Prediction ignores a label column the file may have: rows to score often keep it, empty or stale.
        if (!requireLabel) return DataLoader.LoadFile(ml, path, schema with { Columns = schema.Columns.Where(IsInput).ToArray() }, PredictionOptions).Data;
        var loaded = DataLoader.LoadFile(ml, path, ForPrediction(schema), PredictionOptions);
        var label = schema.Label!;
        if (loaded.Data.Schema.GetColumnOrNull(label.Column) is null)
        {
            if (requireLabel)
                throw new DeepRoadDataException($"{path}: label column '{label.Column}' not found; columns are {string.Join(", ", loaded.Data.Schema.Select(c => c.Name))}.") { File = path, Column = label.Column };
            return loaded.Data;
        }
        var values = label.Task == MLTask.Regression ? null : loaded.Data.GetColumn<ReadOnlyMemory<char>>(label.Column).Select(v => v.ToString()).ToList();
        int unlabelled = values is null ? Array.FindIndex(loaded.Data.GetColumn<float>(label.Column).ToArray(), float.IsNaN) : values.FindIndex(v => v.Length == 0);
        if (unlabelled >= 0)
            throw new DeepRoadDataException($"{path}, row {unlabelled + 1}: label column '{label.Column}' is empty; every row scored against its label needs one " +
                "(predict scores rows without labels).") { File = path, Column = label.Column };
        if (values is not null)
        {
            var classes = new HashSet<string>(label.Classes, StringComparer.Ordinal);
            int bad = values.FindIndex(v => !classes.Contains(v));
            if (bad >= 0)
                throw new DeepRoadDataException($"{path}, row {bad + 1}, column '{label.Column}': class '{values[bad]}' was not seen in training (classes: {string.Join(", ", label.Classes)}).") { File = path, Column = label.Column };
        }
        truth = LabelReader.Read(LabelPreparer.Prepare(ml, loaded.Data, label), label.Task);
        return loaded.Data;
    }

    /// <summary>Types any scalar data view by the training schema (label optional).</summary>
    public static IDataView FromView(MLContext ml, InferredSchema schema, IDataView view, string source = "(data view)") =>
        DataLoader.FromDataView(ml, view, source, ForPrediction(schema), PredictionOptions).Data;

    /// <summary>
    /// Rows given as column name to value (numbers, strings, booleans; null = missing), typed by the training schema.
    /// Every input column must be present; the error names all that are missing.
    /// </summary>
    public static IDataView FromRows(MLContext ml, InferredSchema schema, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        // A date part is computed from its date column, so the rows carry the date column (once) rather than the parts.
        var names = schema.Columns.Where(IsInput).Select(c => c.SourceName).Distinct().ToArray();
        var missing = names.Where(h => rows.Any(r => !r.ContainsKey(h))).ToList();
        if (missing.Count > 0) throw new ArgumentException($"input row is missing column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        var columns = names.Select(n => (n, (Array)rows.Select(r => (ToCell(r[n]) ?? "").AsMemory()).ToArray())).ToList();
        return FromView(ml, schema, new InMemoryDataView(columns, rows.Count), "(input rows)");
    }

    /// <summary>A view with the input columns and no rows (model input schema, ONNX export).</summary>
    public static IDataView Empty(InferredSchema schema) =>
        new InMemoryDataView(schema.Columns.Where(IsInput).Select(c => (c.Name, EmptyArray(c.Kind))).ToList(), 0);

    private static Array EmptyArray(ColumnValueKind kind) => kind switch
    {
        ColumnValueKind.Single => Array.Empty<float>(),
        ColumnValueKind.Boolean => Array.Empty<bool>(),
        _ => Array.Empty<ReadOnlyMemory<char>>(),
    };

    /// <summary>The input columns of a typed view as arrays (float[], bool[] or text), for permutation and subsets.</summary>
    public static List<(string Name, Array Values)> ReadColumns(IDataView view, InferredSchema schema) =>
        schema.Columns.Where(IsInput).Select(c => (c.Name, c.Kind switch
        {
            ColumnValueKind.Single => (Array)view.GetColumn<float>(c.Name).ToArray(),
            ColumnValueKind.Boolean => view.GetColumn<bool>(c.Name).ToArray(),
            _ => view.GetColumn<ReadOnlyMemory<char>>(c.Name).ToArray(),
        })).ToList();

    internal static string? ToCell(object? v) => v switch
    {
        null => null,
        string s => s,
        float f => float.IsNaN(f) ? null : f.ToString("R", CultureInfo.InvariantCulture),
        double d => double.IsNaN(d) ? null : d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString("o", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("o", CultureInfo.InvariantCulture),
        DateOnly t => t.ToString("o", CultureInfo.InvariantCulture),
        ReadOnlyMemory<char> m => m.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}
