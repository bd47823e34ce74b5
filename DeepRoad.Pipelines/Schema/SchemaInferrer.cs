using System.Globalization;
using System.Text.RegularExpressions;
using DeepRoad.Pipelines.Loading;

namespace DeepRoad.Pipelines.Schema;

/// <summary>
/// Decides each column's type and role from its values, and the label's task and classes.
/// The same rules apply to every source (file, IEnumerable&lt;T&gt;, DataFrame, SQL).
/// </summary>
internal static partial class SchemaInferrer
{
    [GeneratedRegex(@"(^|[_\s.\-])(id|code|zip|zipcode|postcode|type|kind|category|class)$|[a-z0-9](Id|ID|Code|Zip|Type)$", RegexOptions.IgnoreCase)]
    private static partial Regex CodeName();

    [GeneratedRegex(@"(^|[_\s.\-])(id|key|uuid|guid|index|rownum|row_number)$|[a-z0-9](Id|ID|Key|Index)$|^(id|key|index)$", RegexOptions.IgnoreCase)]
    private static partial Regex IdName();

    /// <summary>
    /// Names of the columns DeepRoad's pipelines add: the prepared label (<see cref="LabelPreparer.LabelColumnName"/>) and
    /// the featurizer's vector. Another column with one of these names is loaded under a name of its own
    /// (<see cref="ColumnInfo.SourceColumn"/>); the label itself may have one.
    /// </summary>
    public static IReadOnlyList<string> ReservedNames { get; } = [LabelPreparer.LabelColumnName, "Features"];

    /// <summary>Infers the schema; rows whose label is missing must already be removed.</summary>
    public static InferredSchema Infer(RawTable table, DataLoadOptions options, IReadOnlyList<string> warnings, CancellationToken cancellationToken = default)
    {
        var columns = new List<ColumnInfo>(table.Columns.Count);
        LabelInfo? label = null;
        var allWarnings = new List<string>(warnings);
        var taken = new HashSet<string>(table.Columns.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var col in table.Columns)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stats = ColumnStats.Compute(col, table.RowCount, placeholders: col.Name != options.Label);
            if (col.Name == options.Label)
            {
                label = InferLabel(table, col, stats, options);
                var kind = label.Task == MLTask.Regression ? ColumnValueKind.Single : ColumnValueKind.Text;
                columns.Add(new ColumnInfo(col.Name, kind, ColumnRole.Label, stats.Missing, stats.Distinct, stats.Example, label.Reason));
                continue;
            }
            if (options.DetectDates && stats.NonMissing > 0 && !stats.IsNumeric && !stats.IsBoolean && stats.Distinct > 1
                && DateColumns.Infer(col, table.RowCount) is { } date)
            {
                var infos = DateColumnInfos(col, stats, date, taken).ToList();
                infos[0] = LoadedName(infos[0], taken); // the date column itself; its parts have names of their own
                columns.AddRange(infos);
                continue;
            }
            var info = InferFeature(table, col, stats, options);
            if (info.Role == ColumnRole.Constant && stats.NonMissing == 0)
                allWarnings.Add($"column '{col.Name}' has no values: dropped");
            columns.Add(LoadedName(info, taken));
        }
        return new InferredSchema
        {
            Source = table.SourceName,
            RowCount = table.RowCount,
            Columns = columns,
            Label = label,
            BaseDirectory = table.BaseDirectory,
            Warnings = allWarnings,
        };
    }

    /// <summary>
    /// A column that is not the label but is named like a column DeepRoad adds (<see cref="ReservedNames"/>) is loaded as
    /// "<c>{name}_column</c>" (more underscores while that is taken), with its source name in <see cref="ColumnInfo.SourceColumn"/>.
    /// </summary>
    private static ColumnInfo LoadedName(ColumnInfo info, ISet<string> taken)
    {
        if (!ReservedNames.Contains(info.Name, StringComparer.Ordinal)) return info;
        string name = info.Name + "_column";
        while (!taken.Add(name)) name += "_";
        return info with
        {
            Name = name, SourceColumn = info.Name,
            Reason = $"{info.Reason}; loaded as '{name}' (DeepRoad's pipelines add a column named '{info.Name}')",
        };
    }

    /// <summary>The date column itself (not a feature) followed by its numeric parts; a part with one value is constant.</summary>
    private static IEnumerable<ColumnInfo> DateColumnInfos(RawColumn col, ColumnStats s, DateColumns.Found date, ISet<string> taken)
    {
        var parts = DateColumns.Parts(date.HasTime);
        string partList = string.Join(", ", parts.Select(p => p.ToString().ToLowerInvariant()));
        yield return new ColumnInfo(col.Name, ColumnValueKind.Text, ColumnRole.Date, s.Missing, s.Distinct, s.Example,
            $"dates ({DateColumns.Describe(date.Layout)}): split into {partList}");
        foreach (var part in parts)
        {
            var numbers = date.Values.Where(v => v is not null).Select(v => DateColumns.Part(v!.Value, part)).ToList();
            int distinct = numbers.Distinct().Count();
            string example = NumberText.Format(numbers[0]);
            string name = DateColumns.PartName(col.Name, part, taken);
            var role = distinct > 1 ? ColumnRole.Numeric : ColumnRole.Constant;
            string reason = $"{part.ToString().ToLowerInvariant()} of date column '{col.Name}'" + (distinct > 1 ? "" : $" (one value, {example})");
            yield return new ColumnInfo(name, ColumnValueKind.Single, role, s.Missing, distinct, example, reason)
                { Date = new DateFeature(col.Name, part, date.Layout) };
        }
    }

    private static ColumnInfo InferFeature(RawTable table, RawColumn col, ColumnStats s, DataLoadOptions options)
    {
        ColumnInfo Make(ColumnValueKind kind, ColumnRole role, string reason)
            => new(col.Name, kind, role, s.Missing, s.Distinct, s.Example, reason);

        if (s.NonMissing == 0)
        {
            if (options.AllMissingColumns == AllMissingColumnPolicy.Error)
                throw new DeepRoadDataException(
                    $"{table.SourceName}: column '{col.Name}' has no values (all {table.RowCount} rows are missing). " +
                    "Remove the column or set AllMissingColumns = Drop.")
                { File = table.FilePath, Column = col.Name };
            return Make(ColumnValueKind.Text, ColumnRole.Constant, "every value is missing");
        }

        if (s.IsNumeric)
        {
            if (s.Distinct == 1) return Make(ColumnValueKind.Single, ColumnRole.Constant, $"one distinct value ({s.Example})");
            bool unique = s.Distinct == table.RowCount && s.Missing == 0;
            if (s.IsInteger && unique && table.RowCount >= 2 && (IdName().IsMatch(col.Name) || s.IsContiguous))
                return Make(ColumnValueKind.Single, ColumnRole.Identifier,
                    IdName().IsMatch(col.Name) ? "unique integers with an id-like name" : "unique consecutive integers (a row number)");
            if (s.IsInteger && CodeName().IsMatch(col.Name))
                return Make(ColumnValueKind.Text, ColumnRole.Categorical, $"integer codes ({s.Distinct} values) with a code-like name");
            string what = s.Unit switch
            {
                NumberText.ClockUnit => "clock times or durations (h:mm) read as hours",
                { } unit => (s.IsInteger ? "integer values" : "numeric values") + $" in '{unit}' (the unit is dropped)",
                null => s.IsInteger ? "integer values" : "numeric values",
            };
            if (s.Placeholders.Count > 0) what += $"; {string.Join(", ", s.Placeholders.Select(p => $"'{p}'"))} read as missing";
            return Make(ColumnValueKind.Single, ColumnRole.Numeric, what)
                with { MissingTokens = s.Placeholders.Count > 0 ? s.Placeholders : null, Unit = s.Unit };
        }

        if (s.IsBoolean)
        {
            if (s.Distinct == 1) return Make(ColumnValueKind.Boolean, ColumnRole.Constant, $"one distinct value ({s.Example})");
            return s.Missing == 0
                ? Make(ColumnValueKind.Boolean, ColumnRole.Boolean, "values are true/false")
                : Make(ColumnValueKind.Text, ColumnRole.Categorical, "true/false with missing values");
        }

        if (s.Distinct == 1) return Make(ColumnValueKind.Text, ColumnRole.Constant, $"one distinct value ('{s.Example}')");

        if (s.AllImagePaths)
        {
            if (options.ValidateImageFiles) CheckImages(table, col);
            return Make(ColumnValueKind.Text, ColumnRole.ImagePath,
                options.ValidateImageFiles ? $"paths to image files ({s.NonMissing} checked)" : "paths with image extensions (not checked)");
        }

        double distinctRatio = (double)s.Distinct / s.NonMissing;
        if (s.AverageWords >= options.TextMinAverageWords && distinctRatio >= options.TextMinDistinctRatio)
            return Make(ColumnValueKind.Text, ColumnRole.Text,
                string.Create(CultureInfo.InvariantCulture, $"free text: {s.AverageWords:0.#} words on average, {distinctRatio:P0} distinct"));

        if (s.Distinct == table.RowCount && s.Missing == 0 && table.RowCount >= 2)
            return Make(ColumnValueKind.Text, ColumnRole.Identifier, "unique per row");

        return Make(ColumnValueKind.Text, ColumnRole.Categorical, $"{s.Distinct} distinct values");
    }

    private static void CheckImages(RawTable table, RawColumn col)
    {
        for (int row = 0; row < table.RowCount; row++)
        {
            string? value = col.AsText(row);
            if (value is null) continue;
            string full = ImageFileCheck.Resolve(value, table.BaseDirectory);
            if (!File.Exists(full))
                throw new DeepRoadDataException(
                    $"{table.Where(row)}, column '{col.Name}': image file '{value}' does not exist (looked for {full}).")
                { File = table.FilePath, Line = table.LineNumbers?[row], Column = col.Name };
            if (!ImageFileCheck.HasImageSignature(full))
                throw new DeepRoadDataException(
                    $"{table.Where(row)}, column '{col.Name}': '{value}' is not an image (no PNG, JPEG, GIF, BMP or WebP signature in {full}).")
                { File = table.FilePath, Line = table.LineNumbers?[row], Column = col.Name };
        }
    }

    /// <summary>
    /// A label of numbers but for a few stray words ("abc", "n/a" on a row or two of a price column) would be taken for
    /// text and become a classification with a class per price. When the numbers alone would make a regression label
    /// (real values, or more integers than <see cref="DataLoadOptions.MaxNumericLabelClasses"/>) and the words are at most
    /// 5 % of the values, that is an error naming the first such line; the caller can blank them (rows without a label
    /// are dropped) or set the task. Labels such as "0", "1", "2", "3+" (few numbers) stay classes.
    /// </summary>
    private static void CheckNumbersWithStrays(RawTable table, RawColumn col, DataLoadOptions options)
    {
        if (col.Kind != RawKind.Text) return;
        var numbers = new HashSet<double>();
        bool integer = true;
        int strays = 0, present = 0, firstStray = -1;
        for (int row = 0; row < table.RowCount; row++)
        {
            if (col.IsMissing(row)) continue;
            present++;
            if (NumberText.TryParse(col.Text![row]!, out double v))
            {
                numbers.Add(v);
                integer &= v == Math.Floor(v);
            }
            else if (strays++ == 0) firstStray = row;
        }
        bool regression = numbers.Count > 2 && !(integer && numbers.Count <= options.MaxNumericLabelClasses);
        if (strays == 0 || !regression || strays > 0.05 * present) return;
        throw new DeepRoadDataException(
            $"{table.Where(firstStray)}, label column '{col.Name}': '{col.Text![firstStray]}' is not a number, but {present - strays} of the label's " +
            $"{present} values are ({strays} {(strays == 1 ? "is" : "are")} not). Fix or blank {(strays == 1 ? "it" : "them")} (rows without a label are dropped), " +
            "or set the task to classification to take every value as a class.")
        { File = table.FilePath, Line = table.LineNumbers?[firstStray], Column = col.Name };
    }

    private static LabelInfo InferLabel(RawTable table, RawColumn col, ColumnStats s, DataLoadOptions options)
    {
        string where = table.SourceName;
        if (s.NonMissing == 0)
            throw new DeepRoadDataException($"{where}: label column '{col.Name}' has no values (all {table.RowCount} rows are missing).")
            { File = table.FilePath, Column = col.Name };

        bool numeric = s.IsNumeric;
        MLTask task;
        bool inferred = options.Task is null;
        string reason;
        if (options.Task is { } forced)
        {
            task = forced;
            reason = "task set by caller";
            if (forced == MLTask.Regression && !numeric)
                throw new DeepRoadDataException(
                    $"{where}: label column '{col.Name}' is not numeric (e.g. '{s.FirstNonNumeric}'), so the task cannot be regression.")
                { File = table.FilePath, Column = col.Name };
        }
        else if (numeric)
        {
            if (s.Distinct == 2) { task = MLTask.BinaryClassification; reason = "numeric label with two values"; }
            else if (s.IsInteger && s.Distinct <= options.MaxNumericLabelClasses && s.Distinct > 1)
            { task = MLTask.MulticlassClassification; reason = $"integer label with {s.Distinct} values (at most {options.MaxNumericLabelClasses})"; }
            else { task = MLTask.Regression; reason = s.IsInteger ? $"integer label with {s.Distinct} values" : "real-valued label"; }
        }
        else
        {
            CheckNumbersWithStrays(table, col, options);
            task = s.Distinct == 2 ? MLTask.BinaryClassification : MLTask.MulticlassClassification;
            reason = $"text label with {s.Distinct} classes";
        }

        if (task == MLTask.Regression)
        {
            if (s.Distinct < 2)
                throw new DeepRoadDataException($"{where}: label column '{col.Name}' has one value only ('{s.Example}'); nothing to learn.")
                { File = table.FilePath, Column = col.Name };
            return new LabelInfo(col.Name, task, inferred, [], null, reason);
        }

        // Classes with counts, canonical names (numbers formatted the same way however they were written).
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var numericValue = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int row = 0; row < table.RowCount; row++)
        {
            string? name = ClassName(col, row, numeric, out double v);
            if (name is null) continue;
            counts[name] = counts.GetValueOrDefault(name) + 1;
            if (numeric) numericValue[name] = v;
        }
        var classes = numeric
            ? counts.Keys.OrderBy(k => numericValue[k]).ToList()
            : counts.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        if (classes.Count < 2)
            throw new DeepRoadDataException(
                $"{where}: label column '{col.Name}' has one class only ('{classes[0]}', {table.RowCount} rows); a classifier needs at least two.")
            { File = table.FilePath, Column = col.Name };
        if (task == MLTask.BinaryClassification && classes.Count != 2)
            throw new DeepRoadDataException(
                $"{where}: label column '{col.Name}' has {classes.Count} classes, so the task cannot be binary classification.")
            { File = table.FilePath, Column = col.Name };

        string? positive = null;
        if (task == MLTask.BinaryClassification)
        {
            if (options.PositiveClass is { } p)
            {
                positive = classes.FirstOrDefault(c => c == p)
                    ?? (numeric && NumberText.TryParse(p, out var pv) ? classes.FirstOrDefault(c => numericValue[c] == pv) : null)
                    ?? throw new ArgumentException(
                        $"PositiveClass '{p}' is not a class of label '{col.Name}' (classes: {string.Join(", ", classes)}).", nameof(options.PositiveClass));
                reason += $"; positive class '{positive}' set by caller";
            }
            else
            {
                var (pos, why) = PositiveClassRule.Choose(classes, classes.Select(c => counts[c]).ToArray());
                positive = pos;
                reason += "; " + why;
            }
        }
        return new LabelInfo(col.Name, task, inferred, classes, positive, reason);
    }

    /// <summary>The canonical class name of a label value (null when missing).</summary>
    internal static string? ClassName(RawColumn col, int row, bool numeric, out double value)
    {
        value = double.NaN;
        if (col.Kind == RawKind.Number && (numeric || col.Originals is null))
        {
            value = col.Numbers![row];
            return double.IsNaN(value) ? null : NumberText.Format(value);
        }
        string? text = col.AsText(row)?.Trim();
        if (text is null) return null;
        if (numeric && NumberText.TryParse(text, out value)) return NumberText.Format(value);
        return text;
    }
}
