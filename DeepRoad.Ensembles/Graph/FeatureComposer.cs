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
    /// </summary>
    public static ColumnAppender Create(string column, int stackedWidth, Func<DataViewRow, Action<Span<float>>>? bindStacked, int[] originalSlots)
    {
        int width = stackedWidth + originalSlots.Length;
        if (width == 0) throw new ArgumentException("A member's feature vector would be empty.");
        var type = new VectorDataViewType(NumberDataViewType.Single, width);
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
            ValueGetter<VBuffer<float>> getter = (ref VBuffer<float> dst) =>
            {
                var editor = VBufferEditor.Create(ref dst, width);
                var values = editor.Values;
                stacked?.Invoke(values[..stackedWidth]);
                if (original != null)
                {
                    original(ref src);
                    if (dense.Length != src.Length) dense = new float[src.Length];
                    src.CopyTo(dense);
                    for (int i = 0; i < originalSlots.Length; i++)
                    {
                        int s = originalSlots[i];
                        values[stackedWidth + i] = s < dense.Length ? dense[s] : 0f;
                    }
                }
                dst = editor.Commit();
            };
            return [getter];
        });
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
}
