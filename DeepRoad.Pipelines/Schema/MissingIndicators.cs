namespace DeepRoad.Pipelines.Schema;

/// <summary>Which columns get a missing-value indicator: one rule for the cleaner and the featurizer.</summary>
internal static class MissingIndicators
{
    /// <summary>
    /// A numeric column with missing training values gets an indicator, except that a date column's parts (year,
    /// month, ...) are missing together, so only the first numeric part of each date carries one; the others would be
    /// identical copies of it.
    /// </summary>
    public static bool Wanted(InferredSchema schema, ColumnInfo column)
    {
        if (column.MissingCount == 0) return false;
        if (column.Date is not { } date) return true;
        var first = schema.Columns.FirstOrDefault(c => c.Date?.Source == date.Source && c.Role == ColumnRole.Numeric && c.MissingCount > 0);
        return first is null || first.Name == column.Name;
    }
}
