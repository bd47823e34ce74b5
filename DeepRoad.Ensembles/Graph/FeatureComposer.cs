using DeepRoad.Ensembles.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Graph;

/// <summary>Builds the appended <c>Features</c> column: stacked values, then chosen original slots.</summary>
internal static class FeatureComposer
{
    /// <summary>
    /// The appended column: <paramref name="stackedWidth"/> values from <paramref name="bindStacked"/> (given the
    /// input row, fills the stacked part for the current row; null when none), then the original slots.
    /// A sparse original vector stays sparse (the stacked values come first, then the chosen slots' non-zeros), so a
    /// wide one-hot feature vector is not densified on every pass of a trainer over a layer-2 or meta-learner view.
    /// </summary>
    /// <param name="column">Name of the appended feature column (and of the input column original slots come from).</param>
    /// <param name="stackedWidth">Width of the stacked part.</param>
    /// <param name="bindStacked">Binds the stacked part to an input row; null when there is none.</param>
    /// <param name="originalSlots">Slots of the input feature vector appended after the stacked part.</param>
    /// <param name="stackedDependencies">Input columns <paramref name="bindStacked"/> reads; null = any (unknown).</param>
    public static ColumnAppender Create(string column, int stackedWidth, Func<DataViewRow, Action<Span<float>>>? bindStacked, int[] originalSlots,
        IReadOnlyList<string>? stackedDependencies = null)
    {
        int width = stackedWidth + originalSlots.Length;
        if (width == 0) throw new ArgumentException("A member's feature vector would be empty.");
        var type = new VectorDataViewType(NumberDataViewType.Single, width);
        bool increasing = true;
        for (int i = 1; i < originalSlots.Length; i++) increasing &= originalSlots[i] > originalSlots[i - 1];
        IReadOnlyList<string>? dependencies = bindStacked != null && stackedDependencies is null ? null
            : [.. stackedDependencies ?? [], .. originalSlots.Length > 0 ? new[] { column } : []];
        return new ColumnAppender([new AppendedColumn(column, type)], row =>
        {
            var stacked = bindStacked?.Invoke(row);
            ValueGetter<VBuffer<float>>? original = null;
            if (originalSlots.Length > 0)
            {
                var col = row.Schema.GetColumnOrNull(column)
                    ?? throw new InvalidOperationException($"The input has no '{column}' column to take original features from.");
                original = row.GetGetter<VBuffer<float>>(col);
            }
            VBuffer<float> src = default;
            float[] dense = [];
            int[] position = []; // source slot -> index in originalSlots, or -1
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                if (original != null)
                {
                    original(ref src);
                    if (increasing && !src.IsDense)
                    {
                        if (position.Length != src.Length)
                        {
                            position = new int[src.Length];
                            Array.Fill(position, -1);
                            for (int i = 0; i < originalSlots.Length; i++)
                                if (originalSlots[i] < src.Length) position[originalSlots[i]] = i;
                        }
                        var srcIndices = src.GetIndices();
                        var srcValues = src.GetValues();
                        int count = stackedWidth;
                        foreach (int j in srcIndices) if (position[j] >= 0) count++;
                        var sparse = VBufferEditor.Create(ref dst, width, count, requireIndicesOnDense: true);
                        for (int i = 0; i < stackedWidth; i++) sparse.Indices[i] = i;
                        stacked?.Invoke(sparse.Values[..stackedWidth]);
                        int k = stackedWidth;
                        for (int t = 0; t < srcIndices.Length; t++)
                        {
                            int p = position[srcIndices[t]];
                            if (p < 0) continue;
                            sparse.Indices[k] = stackedWidth + p;
                            sparse.Values[k++] = srcValues[t];
                        }
                        dst = sparse.Commit();
                        return;
                    }
                }
                var editor = VBufferEditor.Create(ref dst, width);
                var values = editor.Values;
                stacked?.Invoke(values[..stackedWidth]);
                if (original != null)
                {
                    ReadOnlySpan<float> from;
                    if (src.IsDense) from = src.GetValues();
                    else
                    {
                        if (dense.Length != src.Length) dense = new float[src.Length];
                        src.CopyTo(dense);
                        from = dense;
                    }
                    for (int i = 0; i < originalSlots.Length; i++)
                    {
                        int s = originalSlots[i];
                        values[stackedWidth + i] = s < from.Length ? from[s] : 0f;
                    }
                }
                dst = editor.Commit();
            };
            return [getter];
        }, dependencies);
    }

    /// <summary>Stacked part read from an out-of-fold array (rows x width) by the row's position in the full data.</summary>
    public static Func<DataViewRow, Action<Span<float>>> FromArray(float[] values, int width) =>
        row => dst => values.AsSpan(checked((int)row.Position * width), width).CopyTo(dst);

    /// <summary>Stacked part computed by bound nodes at prediction time.</summary>
    public static Func<DataViewRow, Action<Span<float>>> FromNodes(FeatureSpec spec, BindContext context) => row =>
    {
        var bound = spec.Stacked.Select(n => context.Get(n, row)).ToArray();
        return dst =>
        {
            int o = 0;
            foreach (var b in bound)
            {
                var v = b();
                if (spec.BinaryDropFirst) dst[o++] = v[1];
                else { v.CopyTo(dst[o..]); o += v.Length; }
            }
        };
    };

    public static ColumnAppender ForSpec(FeatureSpec spec, BindContext context) =>
        Create(spec.Column, spec.StackedWidth, spec.Stacked.Count > 0 ? FromNodes(spec, context) : null, spec.OriginalSlots);

    /// <summary>Stacked part read from an out-of-fold array: it reads no input column, only the row's position.</summary>
    public static ColumnAppender FromOutOfFold(string column, float[] values, int stackedWidth, int[] originalSlots) =>
        Create(column, stackedWidth, stackedWidth > 0 ? FromArray(values, stackedWidth) : null, originalSlots, stackedDependencies: []);
}
