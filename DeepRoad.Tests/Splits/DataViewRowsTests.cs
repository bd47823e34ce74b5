using DeepRoad.Pipelines.Splits;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Splits;

public sealed class DataViewRowsTests
{
    private sealed class Row
    {
        public float X { get; set; }
        public string Name { get; set; } = "";
        public bool Flag { get; set; }
        [VectorType(3)] public float[] Vec { get; set; } = [];
        public string Category { get; set; } = "";
    }

    private static IDataView MakeView(MLContext ml, int n)
    {
        var rows = Enumerable.Range(0, n).Select(i => new Row
        {
            X = i,
            Name = "row" + i,
            Flag = i % 3 == 0,
            Vec = [i, i * 10, -i],
            Category = "c" + (i % 4),
        }).ToList();
        var view = ml.Data.LoadFromEnumerable(rows);
        // A key column with key values (annotations) and a vector with slot names from a transform.
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Key", "Category")
            .Append(ml.Transforms.Concatenate("Features", "X", "Vec"));
        return pipeline.Fit(view).Transform(view);
    }

    private static (float[] X, string[] Names, bool[] Flags, float[][] Vecs, uint[] Keys) ReadAll(IDataView view)
    {
        var x = view.GetColumn<float>("X").ToArray();
        var names = view.GetColumn<ReadOnlyMemory<char>>("Name").Select(m => m.ToString()).ToArray();
        var flags = view.GetColumn<bool>("Flag").ToArray();
        var vecs = view.GetColumn<VBuffer<float>>("Vec").Select(v => v.DenseValues().ToArray()).ToArray();
        var keys = view.GetColumn<uint>("Key").ToArray();
        return (x, names, flags, vecs, keys);
    }

    [Theory]
    [InlineData(new[] { 0, 2, 2, 5, 9 })]      // ascending with a repeat: streamed
    [InlineData(new[] { 9, 1, 5, 1, 0, 7 })]   // any order: buffered
    public void Select_ReturnsRequestedRowsInOrder_AllColumnTypes(int[] indices)
    {
        var ml = new MLContext(seed: 1);
        var view = MakeView(ml, 10);
        var full = ReadAll(view);
        var selected = DataViewRows.Select(ml, view, indices);
        Assert.Equal(indices.Length, selected.GetRowCount());
        var got = ReadAll(selected);
        Assert.Equal(indices.Select(i => full.X[i]), got.X);
        Assert.Equal(indices.Select(i => full.Names[i]), got.Names);
        Assert.Equal(indices.Select(i => full.Flags[i]), got.Flags);
        Assert.Equal(indices.Select(i => full.Vecs[i]), got.Vecs);
        Assert.Equal(indices.Select(i => full.Keys[i]), got.Keys);
        // Reading twice gives the same rows (views are immutable).
        Assert.Equal(got.X, ReadAll(selected).X);
    }

    [Fact]
    public void Select_KeepsSchemaAnnotations()
    {
        var ml = new MLContext(seed: 1);
        var view = MakeView(ml, 8);
        foreach (var selected in new[] { DataViewRows.Select(ml, view, [1, 3, 5]), DataViewRows.Select(ml, view, [5, 3, 1]) })
        {
            var key = selected.Schema["Key"];
            Assert.IsType<KeyDataViewType>(key.Type);
            var values = default(VBuffer<ReadOnlyMemory<char>>);
            key.GetKeyValues(ref values);
            Assert.Equal(["c0", "c1", "c2", "c3"], values.DenseValues().Select(v => v.ToString()));
            var slots = default(VBuffer<ReadOnlyMemory<char>>);
            selected.Schema["Features"].GetSlotNames(ref slots);
            Assert.Equal(4, slots.Length);
        }
    }

    [Fact]
    public void Select_Empty_And_OutOfRange()
    {
        var ml = new MLContext(seed: 1);
        var view = MakeView(ml, 5);
        Assert.Empty(DataViewRows.Select(ml, view, []).GetColumn<float>("X"));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => DataViewRows.Select(ml, view, [0, 5]));
        Assert.Contains("5", ex.Message);
    }

    [Fact]
    public void Select_TrainsAModel_ThroughTransformsAndCache()
    {
        var ml = new MLContext(seed: 1);
        var view = MakeView(ml, 40);
        var train = ml.Data.Cache(DataViewRows.Select(ml, view, Enumerable.Range(0, 40).Where(i => i % 5 != 0).ToArray()));
        var model = ml.Regression.Trainers.Sdca(labelColumnName: "X", featureColumnName: "Vec", maximumNumberOfIterations: 5).Fit(train);
        var scored = model.Transform(DataViewRows.Select(ml, view, [0, 5, 10]));
        Assert.Equal(3, scored.GetColumn<float>("Score").Count());
    }

    [Fact]
    public void Select_CancelledToken_StopsCursor()
    {
        var ml = new MLContext(seed: 1);
        var view = MakeView(ml, 20);
        using var cts = new CancellationTokenSource();
        var selected = DataViewRows.Select(ml, view, Enumerable.Range(0, 20).ToArray(), cts.Token);
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => selected.GetColumn<float>("X").ToArray());
    }
}
