using System.Globalization;
using DeepRoad.Pipelines;

namespace DeepRoad.AutoML.Data;

/// <summary>Infers column roles, the task and the class list from training cells.</summary>
internal static class SchemaInferrer
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static DatasetSchema Infer(CsvText csv, string label, AutoMLTask task, IReadOnlyCollection<string>? ignore = null)
    {
        int li = Array.IndexOf(csv.Header, label);
        if (li < 0)
            throw new DeepRoadDataException($"{csv.Path}: label column '{label}' not found; columns are {string.Join(", ", csv.Header)}.") { File = csv.Path, Column = label };
        var cols = new List<ColumnInfo>();
        string dir = Path.GetDirectoryName(Path.GetFullPath(csv.Path)) ?? ".";
        for (int j = 0; j < csv.Header.Length; j++)
        {
            if (j == li) continue;
            if (ignore is not null && ignore.Contains(csv.Header[j])) continue;
            cols.Add(InferColumn(csv, j, dir));
        }
        if (!cols.Any(c => c.IsFeature))
            throw new DeepRoadDataException($"{csv.Path}: no usable feature columns besides label '{label}' (all are constant, identifiers or empty).") { File = csv.Path };

        var labels = csv.Rows.Select(r => r[li]?.Trim()).ToList();
        int missingLabelRow = labels.FindIndex(string.IsNullOrEmpty);
        if (missingLabelRow >= 0)
            throw new DeepRoadDataException($"{csv.Path}, line {missingLabelRow + 2}, column '{label}': the label is missing.") { File = csv.Path, Line = missingLabelRow + 2, Column = label };
        var distinct = labels.Distinct(StringComparer.Ordinal).ToList();
        bool allNumeric = distinct.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        bool allInteger = allNumeric && distinct.All(s => double.Parse(s!, CultureInfo.InvariantCulture) % 1 == 0);
        MLTask t = task switch
        {
            AutoMLTask.Binary => MLTask.BinaryClassification,
            AutoMLTask.Multiclass => MLTask.MulticlassClassification,
            AutoMLTask.Regression => MLTask.Regression,
            _ => distinct.Count == 2 ? MLTask.BinaryClassification
                : allNumeric && (!allInteger || distinct.Count > 20) ? MLTask.Regression
                : MLTask.MulticlassClassification,
        };
        IReadOnlyList<string> classes = [];
        if (t == MLTask.Regression)
        {
            if (!allNumeric)
            {
                var bad = labels.FindIndex(s => !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                throw new DeepRoadDataException($"{csv.Path}, line {bad + 2}, column '{label}': '{labels[bad]}' is not a number, so the task cannot be regression.") { File = csv.Path, Line = bad + 2, Column = label };
            }
        }
        else
        {
            if (distinct.Count < 2)
                throw new DeepRoadDataException($"{csv.Path}, column '{label}': the label has only one class ('{distinct[0]}'); classification needs at least two.") { File = csv.Path, Column = label };
            if (t == MLTask.BinaryClassification && distinct.Count != 2)
                throw new DeepRoadDataException($"{csv.Path}, column '{label}': binary task requested but the label has {distinct.Count} classes.") { File = csv.Path, Column = label };
            // Classes ordered by value: numerically when all numeric, else ordinal string order.
            classes = allNumeric
                ? distinct.OrderBy(s => double.Parse(s!, CultureInfo.InvariantCulture)).Select(s => s!).ToList()
                : distinct.OrderBy(s => s, StringComparer.Ordinal).Select(s => s!).ToList();
        }
        return new DatasetSchema { Columns = cols, LabelColumn = label, Task = t, ClassNames = classes, Rows = csv.Rows.Count };
    }

    private static ColumnInfo InferColumn(CsvText csv, int j, string dir)
    {
        string name = csv.Header[j];
        int n = csv.Rows.Count;
        var values = new List<string>(n);
        int missingStr = 0;
        foreach (var r in csv.Rows)
        {
            var s = r[j];
            if (string.IsNullOrEmpty(s)) missingStr++;
            else values.Add(s);
        }
        int numericMissing = csv.Rows.Count(r => CsvText.IsMissingNumber(r[j]));
        var numericVals = csv.Rows.Select(r => r[j]).Where(s => !CsvText.IsMissingNumber(s)).ToList();
        bool numeric = numericVals.Count > 0 && numericVals.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (numeric)
        {
            int d = numericVals.Distinct().Count();
            return new ColumnInfo(name, d <= 1 ? ColumnKind.Constant : ColumnKind.Numeric, numericMissing, d);
        }
        int distinct = values.Distinct(StringComparer.Ordinal).Count();
        if (values.Count == 0 || distinct <= 1) return new ColumnInfo(name, ColumnKind.Constant, missingStr, distinct);
        var sample = values.Take(50).ToList();
        if (sample.All(s => ImageExtensions.Contains(Path.GetExtension(s).ToLowerInvariant())) &&
            sample.All(s => File.Exists(Path.IsPathRooted(s) ? s : Path.Combine(dir, s))))
            return new ColumnInfo(name, ColumnKind.ImagePath, missingStr, distinct);
        double avgWords = values.Take(500).Average(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        if (avgWords >= 4 && distinct > values.Count / 2) return new ColumnInfo(name, ColumnKind.Text, missingStr, distinct);
        if (distinct == values.Count && values.Count == n && n > 20) return new ColumnInfo(name, ColumnKind.Identifier, missingStr, distinct);
        return new ColumnInfo(name, ColumnKind.Categorical, missingStr, distinct);
    }
}
