using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

/// <summary>
/// A CSV column is held as numbers while every value parses as one (no string per cell); the text of values whose
/// number would not give it back is kept, so codes, identifiers and columns that turn out to be text read as written.
/// </summary>
public sealed class NumberColumnReadingTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    [Fact]
    public void IntegerCodes_KeepLeadingZerosAndLongDigits()
    {
        // zip: integer codes with a code-like name, so categorical; account_code: 17 and 18 digits, beyond a double's
        // exact integers (1234567890123456789 and 1234567890123456790 are the same double).
        var path = _files.Write("codes.csv",
            "zip,account_code,y\n02134,12345678901234567,a\n10001,123456789012345678,b\n02134,12345678901234568,a\n00501,12345678901234567,b\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(ColumnRole.Categorical, data.Schema["zip"].Role);
        Assert.Equal(["02134", "10001", "02134", "00501"], ViewReader.Text(data.Data, "zip"));
        Assert.Equal(ColumnRole.Categorical, data.Schema["account_code"].Role);
        Assert.Equal(["12345678901234567", "123456789012345678", "12345678901234568", "12345678901234567"], ViewReader.Text(data.Data, "account_code"));
        Assert.Equal("02134", data.Schema["zip"].Example);
    }

    [Fact]
    public void ColumnThatTurnsToTextLater_KeepsItsEarlierRowsAsWritten()
    {
        // Numbers, a missing value and a signed and a zero-padded number first; the word on the last row makes it text.
        var path = _files.Write("late.csv", "size,n\n12,1\n007,2\nNA,3\n+5,4\n3.5,5\n1e3,6\n0.00001,7\n12345678901234567.5,8\nlarge,9\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal(ColumnRole.Categorical, data.Schema["size"].Role);
        Assert.Equal(1, data.Schema["size"].MissingCount);
        Assert.Equal(["12", "007", "", "+5", "3.5", "1e3", "0.00001", "12345678901234567.5", "large"], ViewReader.Text(data.Data, "size"));
        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f], ViewReader.Singles(data.Data, "n"));
    }

    [Fact]
    public void NumericColumns_ReadTheSameWhateverTheirForm()
    {
        var path = _files.Write("num.csv", "x,y\n1.50,a\n-0.25,b\n 7 ,a\n1E-3,b\nnan,a\n,b\n12345678901234567,a\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal(ColumnRole.Numeric, data.Schema["x"].Role);
        Assert.Equal(2, data.Schema["x"].MissingCount);
        Assert.Equal([1.5f, -0.25f, 7f, 0.001f, float.NaN, float.NaN, 12345678901234567f], ViewReader.Singles(data.Data, "x"));
        Assert.Equal("1.5", data.Schema["x"].Example); // a plain decimal is given back in shortest form
    }

    [Fact]
    public void NumericLabel_ClassNamesAreTheNumbers_AndBinaryZeroOneStaysBinary()
    {
        var path = _files.Write("lab.csv", "x,y\n1,0\n2,1\n3,01\n4,1.0\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(MLTask.BinaryClassification, data.Schema.Label!.Task);
        Assert.Equal(["0", "1"], data.Schema.Label.Classes);
    }
}
