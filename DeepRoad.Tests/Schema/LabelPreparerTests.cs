using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Schema;

public sealed class LabelPreparerTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Binary_BreastCancer_TrueIsMalignantAndCountsMatch()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("breast_cancer/train.csv"), new DataLoadOptions { Label = "diagnosis" });
        var raw = ViewReader.Text(data.Data, "diagnosis");
        var label = ViewReader.Column<bool>(data.WithPreparedLabel(_ml), "Label");
        Assert.Equal(raw.Count(v => v == "malignant"), label.Count(b => b));
        Assert.True(raw.Zip(label).All(p => (p.First == "malignant") == p.Second));
        Assert.Equal(["benign", "malignant"], data.Schema.Label!.ClassNamesInLabelOrder);
    }

    [Fact]
    public void Binary_CallerPositiveClass_Wins()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("attrition/train.csv"), new DataLoadOptions { Label = "Attrition", PositiveClass = "No" });
        Assert.Equal("No", data.Schema.Label!.PositiveClass);
        var raw = ViewReader.Text(data.Data, "Attrition");
        var label = ViewReader.Column<bool>(data.WithPreparedLabel(_ml), "Label");
        Assert.Equal(raw.Count(v => v == "No"), label.Count(b => b));
    }

    [Fact]
    public void Binary_NoCommonName_PicksMinorityClass()
    {
        var path = _files.Write("b.csv", "x,y\n1,cat\n2,dog\n3,dog\n4,dog\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal("cat", data.Schema.Label!.PositiveClass);
        Assert.Contains("minority", data.Schema.Label.Reason);
    }

    [Fact]
    public void Multiclass_NumericClasses_SortedByValueAsKeys()
    {
        var path = _files.Write("m.csv", "x,y\n1,10\n2,2\n3,1.0\n4,2\n5,10\n6,1\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(MLTask.MulticlassClassification, data.Schema.Task);
        Assert.Equal(["1", "2", "10"], data.Schema.Label!.Classes);
        var keys = ViewReader.Column<uint>(data.WithPreparedLabel(_ml), "Label");
        Assert.Equal([3u, 2u, 1u, 2u, 3u, 1u], keys);
    }

    [Fact]
    public void Multiclass_Iris_KeyValuesAreClassNames()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("iris/train.csv"), new DataLoadOptions { Label = "species" });
        var prepared = data.WithPreparedLabel(_ml);
        VBuffer<ReadOnlyMemory<char>> names = default;
        prepared.Schema["Label"].GetKeyValues(ref names);
        Assert.Equal(["setosa", "versicolor", "virginica"], names.DenseValues().Select(v => v.ToString()));
        var raw = ViewReader.Text(data.Data, "species");
        var keys = ViewReader.Column<uint>(prepared, "Label");
        Assert.True(raw.Zip(keys).All(p => data.Schema.Label!.Classes[(int)p.Second - 1] == p.First));
    }

    [Fact]
    public void Regression_TaskOverride_OnIntegerLabel()
    {
        var path = _files.Write("r.csv", "x,y\n1,1\n2,2\n3,3\n4,1\n");
        var inferred = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(MLTask.MulticlassClassification, inferred.Schema.Task);
        var forced = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y", Task = MLTask.Regression });
        Assert.Equal(MLTask.Regression, forced.Schema.Task);
        Assert.False(forced.Schema.Label!.TaskInferred);
        Assert.Equal([1f, 2f, 3f, 1f], ViewReader.Singles(forced.WithPreparedLabel(_ml), "Label"));
    }

    [Fact]
    public void Regression_OnTextLabel_Fails()
    {
        var path = _files.Write("t.csv", "x,y\n1,a\n2,b\n");
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y", Task = MLTask.Regression }));
        Assert.Equal($"{path}: label column 'y' is not numeric (e.g. 'a'), so the task cannot be regression.", ex.Message);
    }

    [Fact]
    public void MissingLabels_RowsDroppedWithWarning()
    {
        var path = _files.Write("ml.csv", "x,y\n1,a\n2,\n3,b\n4,a\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(3, data.Schema.RowCount);
        Assert.Contains(data.Schema.Warnings, w => w.Contains("1 row(s) without a label were dropped") && w.Contains("line 3"));
    }

    [Fact]
    public void Report_ToString_ShowsEveryColumnAndTheTask()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var text = data.Report.ToString();
        Assert.Contains("task: MulticlassClassification (inferred), label 'species', 3 classes [Adelie, Chinstrap, Gentoo]", text);
        foreach (var c in data.Schema.Columns) Assert.Contains(c.Name, text);
        Assert.Matches(@"sex\s+Text\s+Categorical\s+\d+\s+2\s+female", text);
    }
}
