using System.Globalization;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Cleaning;

/// <summary>
/// Fits cleaning on training data only (fold-safe): duplicate-row removal, dropping constant and identifier
/// columns, missing indicators, imputation, outlier clipping and rare-category folding. The statistics
/// (fill values, bounds, frequent categories) come from the training rows; the result applies them to any data.
/// </summary>
public static class DataCleaner
{
    /// <summary>Fits the steps that <paramref name="options"/> turns on to <paramref name="train"/>.</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="train">Training rows, typed as loaded (with or without the prepared label).</param>
    /// <param name="schema">The inferred schema of the data (roles decide which columns each step touches).</param>
    /// <param name="options">Steps and settings; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels between steps and while scanning rows.</param>
    public static CleaningResult Fit(MLContext mlContext, IDataView train, InferredSchema schema, CleaningOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new CleaningOptions();
        options.Validate();
        var actions = new List<CleaningAction>();

        int rowsBefore = (int)(train.GetRowCount() ?? CountRows(train));
        int rowsAfter = rowsBefore;
        if (options.RemoveDuplicateRows)
        {
            var keep = ViewColumns.FirstOccurrences(train, cancellationToken);
            rowsBefore = keep.Length;
            rowsAfter = keep.Count(k => k);
            if (rowsAfter < rowsBefore)
            {
                train = new RowSubsetDataView(train, keep);
                actions.Add(new CleaningAction(CleaningStep.DuplicateRemoval, null,
                    $"removed {rowsBefore - rowsAfter} duplicate row(s), kept the first of each", rowsBefore - rowsAfter, 0));
            }
        }

        var inView = new HashSet<string>(train.Schema.Where(c => !c.IsHidden).Select(c => c.Name));
        var plan = BuildPlan(train, inView, schema, options, actions, cancellationToken);
        var transformer = plan.Fit(mlContext, train);
        var cleanedSchema = CleanedSchema(schema, plan, rowsAfter);
        return new CleaningResult(transformer, transformer.Transform(train),
            new CleaningReport(rowsBefore, rowsAfter, Sorted(actions)), cleanedSchema);
    }

    private static List<CleaningAction> Sorted(List<CleaningAction> actions)
        => actions.Select((a, i) => (a, i)).OrderBy(p => p.a.Step).ThenBy(p => p.i).Select(p => p.a).ToList();

    /// <summary>Fits the plan on <paramref name="train"/>; with <paramref name="train"/> null, builds a same-shaped plan from placeholders.</summary>
    internal static CleaningPlan BuildPlan(IDataView? train, IReadOnlySet<string> inView, InferredSchema schema, CleaningOptions options,
        List<CleaningAction> actions, CancellationToken cancellationToken)
    {
        bool placeholders = train is null;
        var plan = new CleaningPlan();
        if (options.DropConstantAndIdentifierColumns)
        {
            foreach (var c in schema.Columns.Where(c => c.Role is ColumnRole.Constant or ColumnRole.Identifier && inView.Contains(c.Name)))
            {
                plan.Drop.Add(c.Name);
                actions.Add(new CleaningAction(CleaningStep.DropColumns, c.Name, $"dropped ({c.Role}: {c.Reason})", 0, 0));
            }
        }

        foreach (var c in schema.Columns.Where(c => c.Role == ColumnRole.Numeric && inView.Contains(c.Name)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool indicator = options.AddMissingIndicators && MissingIndicators.Wanted(schema, c);
            double[] values = placeholders ? [] : ViewColumns.Singles(train!, c.Name).Where(v => !float.IsNaN(v)).Select(v => (double)v).Order().ToArray();
            int missing = placeholders ? 0 : (int)(CountRows(train!) - values.Length);
            if (!placeholders && values.Length == 0)
                throw new DeepRoadDataException($"{schema.Source}: column '{c.Name}' has no values in the training rows, so it cannot be imputed or clipped.") { Column = c.Name };
            double? fill = options.Imputation switch
            {
                ImputationKind.None => null,
                _ when placeholders => 0,
                ImputationKind.Mean => values.Average(),
                ImputationKind.Median => Quantile(values, 0.5),
                _ => Mode(values),
            };
            double? lo = null, hi = null;
            if (options.Clipping != OutlierClipping.None)
            {
                if (placeholders) { lo = 0; hi = 1; }
                else if (options.Clipping == OutlierClipping.Quantile)
                {
                    lo = Quantile(values, options.ClipLowerQuantile);
                    hi = Quantile(values, options.ClipUpperQuantile);
                }
                else
                {
                    double q1 = Quantile(values, 0.25), q3 = Quantile(values, 0.75), iqr = q3 - q1;
                    // Half the rows or more on one value (a count that is mostly 0, the year of dates that mostly fall
                    // in one year): the fences would shut on that value and clip every other one. Nothing is clipped.
                    if (iqr > 0)
                    {
                        lo = q1 - options.IqrFactor * iqr;
                        hi = q3 + options.IqrFactor * iqr;
                    }
                }
            }
            plan.Numeric.Add(new NumericColumnPlan(c.Name, indicator, fill, lo, hi));
            if (placeholders) continue;
            if (indicator)
                actions.Add(new CleaningAction(CleaningStep.MissingIndicator, c.Name, $"added '{c.Name}{CleaningPlan.IndicatorSuffix}' ({missing} missing in training)", 0, 0));
            if (fill is { } f && missing > 0)
                actions.Add(new CleaningAction(CleaningStep.Imputation, c.Name, $"filled {missing} missing value(s) with {options.Imputation.ToString().ToLowerInvariant()} {F(f)}", 0, missing));
            if (lo is { } l && hi is { } h)
            {
                int clipped = values.Count(v => v < l || v > h);
                if (clipped > 0)
                    actions.Add(new CleaningAction(CleaningStep.OutlierClipping, c.Name, $"clipped {clipped} value(s) to [{F(l)}, {F(h)}]", 0, clipped));
            }
        }

        foreach (var c in schema.Columns.Where(c => c.Role == ColumnRole.Categorical && inView.Contains(c.Name)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool indicator = options.AddMissingIndicators && c.MissingCount > 0;
            var values = placeholders ? [] : ViewColumns.Texts(train!, c.Name);
            var counts = values.Where(v => v.Length > 0).GroupBy(v => v, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            int missing = values.Count(v => v.Length == 0);
            string? fill = options.Imputation == ImputationKind.None ? null
                : placeholders ? "x"
                : counts.Count == 0 ? null
                : counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
            IReadOnlyList<string>? keep = null;
            int folded = 0;
            if (options.FoldRareCategories)
            {
                var frequent = counts.Where(p => p.Value >= options.RareCategoryMinCount).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
                if (frequent.Count <= 256)
                {
                    keep = frequent;
                    folded = counts.Where(p => p.Value < options.RareCategoryMinCount).Sum(p => p.Value);
                    var rare = counts.Count(p => p.Value < options.RareCategoryMinCount);
                    if (!placeholders)
                        actions.Add(new CleaningAction(CleaningStep.RareCategoryFolding, c.Name,
                            $"folded {rare} rare categor{(rare == 1 ? "y" : "ies")} (< {options.RareCategoryMinCount} rows; {folded} cells) and any unseen one into '{CleaningOptions.RareCategory}'; kept {frequent.Count}",
                            0, folded));
                }
                else if (!placeholders)
                {
                    actions.Add(new CleaningAction(CleaningStep.RareCategoryFolding, c.Name,
                        $"not folded: {frequent.Count} frequent categories (more than 256); unseen ones get the unknown slot", 0, 0));
                }
            }
            plan.Categorical.Add(new CategoricalColumnPlan(c.Name, indicator, fill, keep));
            if (placeholders) continue;
            if (indicator)
                actions.Add(new CleaningAction(CleaningStep.MissingIndicator, c.Name, $"added '{c.Name}{CleaningPlan.IndicatorSuffix}' ({missing} missing in training)", 0, 0));
            if (fill is not null && missing > 0)
                actions.Add(new CleaningAction(CleaningStep.Imputation, c.Name, $"filled {missing} missing value(s) with most frequent '{fill}'", 0, missing));
        }
        return plan;
    }

    private static InferredSchema CleanedSchema(InferredSchema schema, CleaningPlan plan, int rows)
    {
        var columns = schema.Columns.Where(c => !plan.Drop.Contains(c.Name)).ToList();
        foreach (var n in plan.Numeric.Where(n => n.AddIndicator))
            columns.Add(new ColumnInfo(n.Name + CleaningPlan.IndicatorSuffix, ColumnValueKind.Boolean, ColumnRole.Boolean, 0, 2, "false", $"missing indicator of '{n.Name}'"));
        foreach (var c in plan.Categorical.Where(c => c.AddIndicator))
            columns.Add(new ColumnInfo(c.Name + CleaningPlan.IndicatorSuffix, ColumnValueKind.Boolean, ColumnRole.Boolean, 0, 2, "false", $"missing indicator of '{c.Name}'"));
        return schema with { Columns = columns, RowCount = rows };
    }

    /// <summary>Linear-interpolation quantile of sorted values (NumPy's default).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        if (sorted.Length == 1) return sorted[0];
        double pos = q * (sorted.Length - 1);
        int i = (int)Math.Floor(pos);
        if (i >= sorted.Length - 1) return sorted[^1];
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }

    private static double Mode(double[] sorted)
    {
        double best = sorted[0];
        int bestCount = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            if (j - i > bestCount) { bestCount = j - i; best = sorted[i]; }
            i = j;
        }
        return best;
    }

    private static long CountRows(IDataView view)
    {
        if (view.GetRowCount() is { } n) return n;
        long count = 0;
        using var cursor = view.GetRowCursor([]);
        while (cursor.MoveNext()) count++;
        return count;
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
