using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Graph;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// The stacked feature column of layer-2 and meta-learner views: sparse inputs stay sparse with the same values as the
/// dense composition, and the view reads only the source columns a consumer needs.
/// </summary>
public sealed class FeatureComposerTests
{
    private sealed class Row
    {
        [VectorType(6)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
        public float Other { get; set; }
    }

    private static readonly float[][] Rows =
    [
        [0, 0, 3, 0, 0, 1],
        [2, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [1, 2, 3, 4, 5, 6],
    ];

    private static IDataView Source(MLContext ctx, bool sparse)
    {
        var view = ctx.Data.LoadFromEnumerable(Rows.Select((r, i) => new Row { Features = r, Label = i, Other = 10 * i }));
        if (!sparse) return view;
        // A sparse Features column: ML.NET's one-hot encoder and this conversion give sparse VBuffers.
        return new SparseFeatures(view);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Compose_StackedThenChosenSlots_SameValuesForSparseAndDense(bool sparse)
    {
        var ctx = new MLContext(0);
        float[] stacked = [0.5f, 0.25f, 0f, 0.75f, 0.1f, 0.2f, 0.9f, 0f]; // 4 rows x 2
        int[] slots = [0, 2, 5];
        var view = new AppendedDataView(Source(ctx, sparse), FeatureComposer.FromOutOfFold("Features", stacked, 2, slots));
        var column = view.Schema["Features"];
        Assert.Equal(5, ((VectorDataViewType)column.Type).Size);
        using var cursor = view.GetRowCursor([column]);
        var get = cursor.GetGetter<VBuffer<float>>(column);
        VBuffer<float> buffer = default;
        int i = 0;
        while (cursor.MoveNext())
        {
            get(ref buffer);
            float[] expected = [stacked[2 * i], stacked[2 * i + 1], Rows[i][0], Rows[i][2], Rows[i][5]];
            Assert.Equal(expected, buffer.DenseValues().ToArray());
            if (sparse && i == 1) Assert.False(buffer.IsDense); // [2,0,...]: slot 0 kept, the zeros not stored
            i++;
        }
        Assert.Equal(4, i);
    }

    [Fact]
    public void Cursor_ReadsOnlyNeededSourceColumns()
    {
        var ctx = new MLContext(0);
        var source = ctx.Data.LoadFromEnumerable(Rows.Select((r, i) => new Row { Features = r, Label = i, Other = 10 * i }));
        float[] stacked = [1, 2, 3, 4];
        var meta = new AppendedDataView(source, FeatureComposer.FromOutOfFold("Features", stacked, 1, []));
        using (var cursor = meta.GetRowCursor([meta.Schema["Label"], meta.Schema["Features"]]))
        {
            Assert.True(cursor.IsColumnActive(meta.Schema["Label"]));
            Assert.True(cursor.IsColumnActive(meta.Schema["Features"]));
            Assert.False(cursor.IsColumnActive(meta.Schema["Other"]));
            Assert.False(cursor.IsColumnActive(meta.Schema[source.Schema["Features"].Index])); // the hidden original: no passthrough
        }
        var passthrough = new AppendedDataView(source, FeatureComposer.FromOutOfFold("Features", stacked, 1, [1, 3]));
        using (var cursor = passthrough.GetRowCursor([passthrough.Schema["Features"]]))
        {
            Assert.True(cursor.IsColumnActive(passthrough.Schema[source.Schema["Features"].Index])); // read for the original slots
            Assert.False(cursor.IsColumnActive(passthrough.Schema["Other"]));
            var get = cursor.GetGetter<VBuffer<float>>(passthrough.Schema["Features"]);
            VBuffer<float> b = default;
            Assert.True(cursor.MoveNext());
            get(ref b);
            Assert.Equal([1f, 0f, 0f], b.DenseValues().ToArray());
        }
    }

    /// <summary>The source with its Features column handed out as sparse VBuffers (non-zeros only).</summary>
    private sealed class SparseFeatures(IDataView source) : IDataView
    {
        public bool CanShuffle => false;
        public DataViewSchema Schema => source.Schema;
        public long? GetRowCount() => source.GetRowCount();

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(source.GetRowCursor(columnsNeeded));

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            [GetRowCursor(columnsNeeded)];

        private sealed class Cursor(DataViewRowCursor input) : DataViewRowCursor
        {
            public override DataViewSchema Schema => input.Schema;
            public override long Position => input.Position;
            public override long Batch => input.Batch;
            public override bool MoveNext() => input.MoveNext();
            public override bool IsColumnActive(DataViewSchema.Column column) => input.IsColumnActive(column);
            public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                if (column.Name != "Features") return input.GetGetter<TValue>(column);
                var dense = input.GetGetter<VBuffer<float>>(column);
                VBuffer<float> src = default;
                ValueGetter<VBuffer<float>> sparse = (ref VBuffer<float> dst) =>
                {
                    dense(ref src);
                    var values = src.DenseValues().ToArray();
                    var nz = Enumerable.Range(0, values.Length).Where(j => values[j] != 0).ToArray();
                    dst = new VBuffer<float>(values.Length, nz.Length, nz.Select(j => values[j]).ToArray(), nz);
                };
                return (ValueGetter<TValue>)(Delegate)sparse;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) input.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
