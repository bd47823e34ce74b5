using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

/// <summary>Every bad input gets a message naming the file, line and column.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    private DeepRoadDataException Fails(string path, DataLoadOptions? options = null)
        => Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, path, options));

    [Fact]
    public void MissingFile_NamesThePath()
    {
        var path = Path.Combine(_files.Dir, "nope.csv");
        var ex = Fails(path);
        Assert.Equal($"{path}: file not found.", ex.Message);
        Assert.Equal(path, ex.File);
    }

    [Fact]
    public void EmptyFile_SaysEmpty()
    {
        var path = _files.Write("empty.csv", "");
        Assert.Equal($"{path}: the file is empty (expected a header row and data rows).", Fails(path).Message);
    }

    [Fact]
    public void HeaderOnlyFile_SaysNoDataRows()
    {
        var path = _files.Write("header.csv", "a,b,c\n");
        var ex = Fails(path);
        Assert.Equal($"{path}: the file has a header but no data rows.", ex.Message);
    }

    [Fact]
    public void RaggedRow_NamesLineAndFieldCounts()
    {
        var path = _files.Write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        var ex = Fails(path);
        Assert.StartsWith($"{path}: line 3: the row has 2 field(s) but the header has 3", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void UnterminatedQuote_NamesLine()
    {
        var path = _files.Write("quote.csv", "a,b\n1,x\n2,\"never closed\n3,y\n");
        var ex = Fails(path);
        Assert.StartsWith($"{path}: line 3: unterminated quote", ex.Message);
    }

    [Fact]
    public void NonUtf8Bytes_NameLineAndColumn()
    {
        // "caf\xE9" is Latin-1, not UTF-8.
        var bytes = "name,city\nann,paris\nbob,caf"u8.ToArray().Concat(new byte[] { 0xE9 }).Concat("\n"u8.ToArray()).ToArray();
        var path = _files.WriteBytes("latin1.csv", bytes);
        var ex = Fails(path);
        Assert.Equal($"{path}: line 3, column 'city': the value is not valid UTF-8 (save the file as UTF-8).", ex.Message);
        Assert.Equal("city", ex.Column);
    }

    [Fact]
    public void LabelNotFound_ListsAvailableColumns()
    {
        var path = _files.Write("l.csv", "a,b\n1,x\n2,y\n");
        var ex = Fails(path, new DataLoadOptions { Label = "target" });
        Assert.Equal($"{path}: label column 'target' not found. Available columns: a, b.", ex.Message);
    }

    [Fact]
    public void LabelNotFound_NamesTheColumnThatDiffersOnlyInCase()
    {
        var path = _files.Write("l.csv", "a,Species\n1,x\n2,y\n");
        var ex = Fails(path, new DataLoadOptions { Label = "species" });
        Assert.Equal($"{path}: label column 'species' not found. Did you mean 'Species'? (names are case-sensitive) Available columns: a, Species.", ex.Message);
    }

    [Fact]
    public void OneClassLabel_SaysOneClass()
    {
        var path = _files.Write("one.csv", "a,y\n1,yes\n2,yes\n3,yes\n");
        var ex = Fails(path, new DataLoadOptions { Label = "y" });
        Assert.Equal($"{path}: label column 'y' has one class only ('yes', 3 rows); a classifier needs at least two.", ex.Message);
    }

    [Fact]
    public void AllMissingFeatureColumn_NamesColumn()
    {
        var path = _files.Write("allmissing.csv", "a,b,y\n1,,0\n2,NA,1\n3,,0\n");
        var ex = Fails(path, new DataLoadOptions { Label = "y" });
        Assert.Equal($"{path}: column 'b' has no values (all 3 rows are missing). Remove the column or set AllMissingColumns = Drop.", ex.Message);
        var dropped = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y", AllMissingColumns = AllMissingColumnPolicy.Drop });
        Assert.Equal(Pipelines.Schema.ColumnRole.Constant, dropped.Schema["b"].Role);
    }

    [Fact]
    public void AllMissingLabel_SaysNoValues()
    {
        var path = _files.Write("nolabel.csv", "a,y\n1,\n2,\n");
        var ex = Fails(path, new DataLoadOptions { Label = "y" });
        Assert.Equal($"{path}: label column 'y' has no values (all 2 rows are missing).", ex.Message);
    }

    [Fact]
    public void ImagePathThatDoesNotExist_NamesFileLineAndColumn()
    {
        _files.WriteBytes("img/a.png", File.ReadAllBytes(DataPaths.Shipped("digits_images/" + File.ReadLines(DataPaths.Shipped("digits_images/train.csv")).Skip(1).First().Split(',')[0])));
        var path = _files.Write("images.csv", "ImagePath,Label\nimg/a.png,0\nimg/missing.png,1\n");
        var ex = Fails(path, new DataLoadOptions { Label = "Label" });
        Assert.Equal($"{path}: line 3, column 'ImagePath': image file 'img/missing.png' does not exist (looked for {Path.Combine(_files.Dir, "img", "missing.png")}).", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void ImagePathThatIsNotAnImage_NamesFileLineAndColumn()
    {
        _files.WriteBytes("img/a.png", File.ReadAllBytes(DataPaths.Shipped("digits_images/" + File.ReadLines(DataPaths.Shipped("digits_images/train.csv")).Skip(1).First().Split(',')[0])));
        _files.Write("img/b.png", "this is text, not a PNG");
        var path = _files.Write("images.csv", "ImagePath,Label\nimg/a.png,0\nimg/b.png,1\n");
        var ex = Fails(path, new DataLoadOptions { Label = "Label" });
        Assert.StartsWith($"{path}: line 3, column 'ImagePath': 'img/b.png' is not an image", ex.Message);
    }

    [Fact]
    public void WordInNumericColumnOfTestFile_NamesLineAndColumn()
    {
        var train = DataLoader.LoadFile(_ml, _files.Write("tr.csv", "x,y\n1,a\n2,b\n3,a\n"), new DataLoadOptions { Label = "y" });
        var path = _files.Write("te.csv", "x,y\n1,a\nlots,b\n");
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, path, train.Schema));
        Assert.StartsWith($"{path}: line 3, column 'x': 'lots' is not a number", ex.Message);
    }

    [Fact]
    public void TestFileMissingSeveralColumns_NamesThemAll()
    {
        var train = DataLoader.LoadFile(_ml, _files.Write("tr.csv", "x,z,when,y\n1,p,2024-01-02,a\n2,q,2024-02-03,b\n3,p,2024-03-04,a\n"), new DataLoadOptions { Label = "y" });
        var path = _files.Write("te.csv", "x,y\n1,a\n2,b\n");
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, path, train.Schema));
        // The date's five parts come from one source column: it is named once.
        Assert.Equal($"{path}: columns 'z', 'when' are missing (the training data has them). Columns here: x, y.", ex.Message);
        Assert.Equal("z", ex.Column);
    }

    [Fact]
    public void BinaryTaskOnThreeClasses_SaysWhy()
    {
        var path = _files.Write("three.csv", "a,y\n1,p\n2,q\n3,r\n");
        var ex = Fails(path, new DataLoadOptions { Label = "y", Task = Pipelines.MLTask.BinaryClassification });
        Assert.Equal($"{path}: label column 'y' has 3 classes, so the task cannot be binary classification.", ex.Message);
    }
}
