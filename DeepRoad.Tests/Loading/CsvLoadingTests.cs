using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Loading;

public sealed class CsvLoadingTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    [Fact]
    public void LoadFile_Rfc4180Quoting_KeepsEmbeddedCommasQuotesAndNewlines()
    {
        var path = _files.Write("q.csv",
            "id_text,amount,note\n" +
            "a,1.5,\"hello, world\"\n" +
            "b,2,\"she said \"\"hi\"\"\"\n" +
            "c,3,\"line one\nline two\"\n" +
            "d,4,plain\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal(4, data.Schema.RowCount);
        var notes = ViewReader.Text(data.Data, "note");
        Assert.Equal(["hello, world", "she said \"hi\"", "line one\nline two", "plain"], notes);
        Assert.Equal([1.5f, 2f, 3f, 4f], ViewReader.Singles(data.Data, "amount"));
        Assert.Equal(ColumnValueKind.Single, data.Schema["amount"].Kind);
    }

    [Theory]
    [InlineData('\t')]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData(',')]
    public void LoadFile_SniffsSeparator(char sep)
    {
        var rows = new[] { "x,y,z", "1,a,true", "2,b,false", "3,a,true" }.Select(r => r.Replace(',', sep));
        var path = _files.Write($"s{(int)sep}.txt", string.Join("\n", rows) + "\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal(["x", "y", "z"], data.Schema.Columns.Select(c => c.Name));
        Assert.Equal([1f, 2f, 3f], ViewReader.Singles(data.Data, "x"));
        Assert.Equal(ColumnRole.Boolean, data.Schema["z"].Role);
        Assert.Equal([true, false, true], ViewReader.Column<bool>(data.Data, "z"));
    }

    [Fact]
    public void LoadFile_Utf8Bom_IsNotPartOfTheFirstColumnName()
    {
        var path = _files.Write("bom.csv", "größe,farbe\n1,grün\n2,blau\n", bom: true);
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal("größe", data.Schema.Columns[0].Name);
        Assert.Equal(["grün", "blau"], ViewReader.Text(data.Data, "farbe"));
    }

    [Fact]
    public void LoadFile_DefaultMissingTokens_BecomeNaNAndEmpty()
    {
        var path = _files.Write("m.csv", "n,c\n1,a\nNA,b\n?,N/A\nnull,\nNaN,a\n6,null\n");
        var data = DataLoader.LoadFile(_ml, path);
        var n = ViewReader.Singles(data.Data, "n");
        Assert.Equal(1f, n[0]);
        Assert.True(n[1..5].All(float.IsNaN));
        Assert.Equal(6f, n[5]);
        Assert.Equal(4, data.Schema["n"].MissingCount);
        Assert.Equal(3, data.Schema["c"].MissingCount);
        Assert.Equal(["a", "b", "", "", "a", ""], ViewReader.Text(data.Data, "c"));
    }

    [Fact]
    public void LoadFile_BlanksAroundValues_AreTrimmed_SoOneClassAndOneCategoryEach()
    {
        // "yes " and "yes" are one class, " B" and "B" one category; a numeric column with blanks stays numeric.
        var path = _files.Write("blanks.csv", "x,cat,y\n 1.5 , B,yes \n2,B,yes\n3,A ,no\n 4,A, no\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(MLTask.BinaryClassification, data.Schema.Label!.Task);
        Assert.Equal(["no", "yes"], data.Schema.Label.Classes);
        Assert.Equal(2, data.Schema["cat"].DistinctCount);
        Assert.Equal(["B", "B", "A", "A"], ViewReader.Text(data.Data, "cat"));
        Assert.Equal([1.5f, 2f, 3f, 4f], ViewReader.Singles(data.Data, "x"));
    }

    [Fact]
    public void FromEnumerable_BlanksAroundValues_AreTrimmedAsInAFile()
    {
        var rows = new[] { new BlankRow { Cat = " B", Y = "yes " }, new BlankRow { Cat = "B", Y = "yes" }, new BlankRow { Cat = "A ", Y = "no" }, new BlankRow { Cat = "A", Y = " no" } };
        var data = DataLoader.FromEnumerable(_ml, rows, new DataLoadOptions { Label = "Y" });
        Assert.Equal(MLTask.BinaryClassification, data.Schema.Label!.Task);
        Assert.Equal(["B", "B", "A", "A"], ViewReader.Text(data.Data, "Cat"));
    }

    private sealed class BlankRow
    {
        public string Cat { get; set; } = "";
        public string Y { get; set; } = "";
    }

    [Fact]
    public void LoadFile_CustomMissingTokens_KeepNAAsAValue()
    {
        var path = _files.Write("m2.csv", "c,k\nNA,1\nb,2\n,3\nNA,4\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { MissingValueTokens = [""] });
        Assert.Equal(1, data.Schema["c"].MissingCount);
        Assert.Equal(2, data.Schema["c"].DistinctCount);
        Assert.Equal(["NA", "b", "", "NA"], ViewReader.Text(data.Data, "c"));
    }

    [Fact]
    public void LoadFile_WithTrainingSchema_UsesTrainingTypesAndAllowsMissingLabel()
    {
        var train = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        var path = _files.Write("predict.csv", "island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex\nAtlantis,40.1,18.0,190,3800,female\n");
        var test = DataLoader.LoadFile(_ml, path, train.Schema);
        Assert.Null(test.Data.Schema.GetColumnOrNull("species"));
        Assert.Equal(["Atlantis"], ViewReader.Text(test.Data, "island"));
        Assert.Equal(NumberDataViewType.Single, test.Data.Schema["body_mass_g"].Type);
    }

    [Fact]
    public void LoadFile_AdultTrain_MatchesKnownCountsAndValues()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shared("adult/train.csv"), new DataLoadOptions { Label = "over_50k" });
        Assert.Equal(39073, data.Schema.RowCount);
        // First row: 37,Private,193106,Bachelors,13,...
        Assert.Equal(37f, ViewReader.Singles(data.Data, "age")[0]);
        Assert.Equal("Private", ViewReader.Text(data.Data, "workclass")[0]);
        int missingTrain = data.Schema.Columns.Sum(c => c.MissingCount);
        var test = DataLoader.LoadFile(_ml, DataPaths.Shared("adult/test.csv"), new DataLoadOptions { Label = "over_50k" });
        Assert.Equal(6465, missingTrain + test.Schema.Columns.Sum(c => c.MissingCount));
        Assert.Equal(["workclass", "occupation", "native_country"], data.Schema.Columns.Where(c => c.MissingCount > 0).Select(c => c.Name));
    }
}
