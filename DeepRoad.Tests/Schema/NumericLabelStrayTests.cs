using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Tests.Loading;
using Microsoft.ML;

namespace DeepRoad.Tests.Schema;

/// <summary>
/// A regression label with a stray word on a row ("abc" among prices) is an error naming the line, not a
/// classification with one class per price; labels of few numbers and words ("0", "1", "2", "3+") stay classes.
/// </summary>
public sealed class NumericLabelStrayTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    private static string Table(int rows, Func<int, string> label) =>
        "x,price\n" + string.Concat(Enumerable.Range(0, rows).Select(i => $"{i},{label(i)}\n"));

    [Fact]
    public void RealValuedLabel_WithOneWord_IsAnErrorNamingTheLine()
    {
        var path = _files.Write("prices.csv", Table(100, i => i == 41 ? "abc" : (1000 + 13.7 * i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "price" }));
        Assert.Contains("line 43, label column 'price': 'abc' is not a number, but 99 of the label's 100 values are (1 is not)", ex.Message);
        Assert.Equal(("price", 43L), (ex.Column, ex.Line));

        // Blanked, the row is dropped and the task is regression; asked for, classification takes every value as a class.
        var blank = DataLoader.LoadFile(_ml, _files.Write("blank.csv", File.ReadAllText(path).Replace(",abc\n", ",\n")), new DataLoadOptions { Label = "price" });
        Assert.Equal(MLTask.Regression, blank.Schema.Label!.Task);
        var forced = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "price", Task = MLTask.MulticlassClassification });
        Assert.Equal(100, forced.Schema.Label!.Classes.Count);
    }

    [Fact]
    public void ManyIntegers_WithAFewWords_AreAnError_ButFewNumbersAndAWordAreClasses()
    {
        // 60 distinct integers (more than the 20 a numeric label may have as classes) and 2 words of 100 values.
        var counts = _files.Write("counts.csv", Table(100, i => i is 10 or 70 ? "many" : (i % 60).ToString()));
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, counts, new DataLoadOptions { Label = "price" }));
        Assert.Contains("line 12, label column 'price': 'many' is not a number, but 98 of the label's 100 values are (2 are not)", ex.Message);

        var grades = DataLoader.LoadFile(_ml, _files.Write("grades.csv", Table(100, i => i % 4 == 3 ? "3+" : (i % 4).ToString())), new DataLoadOptions { Label = "price" });
        Assert.Equal(MLTask.MulticlassClassification, grades.Schema.Label!.Task);
        Assert.Equal(["0", "1", "2", "3+"], grades.Schema.Label.Classes);

        // Words on more than 5 % of the rows: a text label, as before.
        var mixed = DataLoader.LoadFile(_ml, _files.Write("mixed.csv", Table(100, i => i % 10 == 0 ? "none" : (1.5 * i).ToString(System.Globalization.CultureInfo.InvariantCulture))), new DataLoadOptions { Label = "price" });
        Assert.Equal(MLTask.MulticlassClassification, mixed.Schema.Label!.Task);
    }
}
