using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

/// <summary>Numbers written with a decimal comma (European spreadsheet exports) load as numbers.</summary>
public sealed class DecimalCommaTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    [Fact]
    public void SemicolonFile_DecimalCommasAndThousandDots_AreNumbers()
    {
        var path = _files.Write("eu.csv", "preis;menge;name\n1,5;3;a\n2;4;b\n1.234,25;5;c\n;6;d\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal(ColumnRole.Numeric, data.Schema["preis"].Role);
        Assert.Equal([1.5f, 2f, 1234.25f, float.NaN], ViewReader.Singles(data.Data, "preis"));
        Assert.Equal([3f, 4f, 5f, 6f], ViewReader.Singles(data.Data, "menge"));
    }

    [Fact]
    public void SemicolonFile_DotDecimalsAndText_AreLeftAlone()
    {
        var path = _files.Write("mixed.csv", "x;code;y\n1.5;1,5;a\n2.25;abc;b\n3.125;1,5;a\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal([1.5f, 2.25f, 3.125f], ViewReader.Singles(data.Data, "x"));
        Assert.Equal(ColumnRole.Categorical, data.Schema["code"].Role);
        Assert.Equal(["1,5", "abc", "1,5"], ViewReader.Text(data.Data, "code"));
    }

    [Fact]
    public void CommaFile_QuotedDecimalCommas_OnlyWhenAsked()
    {
        var path = _files.Write("q.csv", "x,y\n\"1,5\",a\n\"2,5\",b\n\"1,5\",a\n");
        Assert.Equal(ColumnRole.Categorical, DataLoader.LoadFile(_ml, path).Schema["x"].Role);
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { DecimalComma = true });
        Assert.Equal([1.5f, 2.5f, 1.5f], ViewReader.Singles(data.Data, "x"));
        var off = _files.Write("off.csv", "x;y\n1,5;a\n2,5;b\n1,5;a\n");
        Assert.Equal(ColumnRole.Categorical, DataLoader.LoadFile(_ml, off, new DataLoadOptions { DecimalComma = false }).Schema["x"].Role);
    }

    [Fact]
    public void OneColumnFiles_AreNotSniffedAsCommaSeparated()
    {
        // A header with one name has no separator to sniff; each line is one value, so neither the decimal comma nor
        // the comma inside an unquoted text splits a line in two.
        var numbers = DataLoader.LoadFile(_ml, _files.Write("one.csv", "x\n0,25\n7\n1.234,5\n"));
        Assert.Equal(ColumnRole.Numeric, numbers.Schema["x"].Role);
        Assert.Equal([0.25f, 7f, 1234.5f], ViewReader.Singles(numbers.Data, "x"));
        var texts = DataLoader.LoadFile(_ml, _files.Write("reviews.csv", "review\nGreat product, loved it\nstale; awful | late\n\"quoted, too\"\n"));
        Assert.Equal(["Great product, loved it", "stale; awful | late", "quoted, too"], ViewReader.Text(texts.Data, "review"));
    }

    [Fact]
    public void PredictionFile_WrittenTheSameWay_ReadsWithTheTrainingSchema()
    {
        var train = DataLoader.LoadFile(_ml, _files.Write("tr.csv", "x;n;y\n1,5;1;a\n2,5;2;b\n3;3;a\n"), new DataLoadOptions { Label = "y" });
        var test = DataLoader.LoadFile(_ml, _files.Write("te.csv", "x;n\n0,25;1\n7;2\n"), train.Schema);
        Assert.Equal([0.25f, 7f], ViewReader.Singles(test.Data, "x"));
    }
}
