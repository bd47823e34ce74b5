using Microsoft.ML;

namespace DeepRoad.Pipelines.Splits;

/// <summary>Takes rows of an <see cref="IDataView"/> by index, keeping its schema (types, key values, slot names).</summary>
public static class DataViewRows
{
    /// <summary>
    /// A view of the rows at <paramref name="rowIndices"/> (0-based positions in <paramref name="data"/>), in the order
    /// given; an index may repeat (sampling with replacement). Ascending indices (what the splitters return) are
    /// streamed over one cursor of the source without copying; any other order reads the needed rows into memory once.
    /// Works for every column type (vectors, keys, text). Cursors over the result check
    /// <paramref name="cancellationToken"/> on each row, so training over it stops soon after cancellation.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is negative or past the end of <paramref name="data"/>.</exception>
    public static IDataView Select(MLContext mlContext, IDataView data, int[] rowIndices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rowIndices);
        long? count = data.GetRowCount();
        bool ascending = true;
        for (int i = 0; i < rowIndices.Length; i++)
        {
            int r = rowIndices[i];
            if (r < 0 || (count is long c && r >= c))
                throw new ArgumentOutOfRangeException(nameof(rowIndices), $"Row index {r} (position {i}) is outside the data ({count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} rows).");
            if (i > 0 && r < rowIndices[i - 1]) ascending = false;
        }
        var copy = (int[])rowIndices.Clone();
        return ascending
            ? new SelectedRowsDataView(data, copy, cancellationToken)
            : BufferedRowsDataView.Create(data, copy, cancellationToken);
    }

    /// <summary>
    /// <see cref="Select"/> for data a trainer reads: on cancellation the rows just end (no exception inside ML.NET's
    /// worker threads); the caller checks the token after <c>Fit</c>.
    /// </summary>
    internal static IDataView SelectForTraining(MLContext mlContext, IDataView data, int[] rowIndices, CancellationToken cancellationToken)
    {
        for (int i = 1; i < rowIndices.Length; i++)
            if (rowIndices[i] < rowIndices[i - 1])
                return Select(mlContext, data, rowIndices, cancellationToken); // buffered: read here, on the caller's thread
        _ = Select(mlContext, data, rowIndices, cancellationToken); // validates the indices
        return new SelectedRowsDataView(data, (int[])rowIndices.Clone(), cancellationToken, endEarlyOnCancel: true);
    }

    /// <summary>Number of rows of <paramref name="data"/>, counting with a cursor when the view does not know it.</summary>
    public static int Count(IDataView data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetRowCount() is long known) return checked((int)known);
        int n = 0;
        using var cursor = data.GetRowCursor([]);
        while (cursor.MoveNext())
        {
            if ((n & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            n++;
        }
        return n;
    }
}
