using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;

namespace DeepRoad.Tests.Schema;

/// <summary>
/// Numbers mixed with a few words that stand for "no value" ("unknown", "-", "#N/A") stay a numeric column, those
/// words read as missing, instead of turning the column into a category with one level per number.
/// </summary>
public sealed class PlaceholderWordTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    // 20 rows, the label alternating a/b.
    private static string Table(Func<int, string> age, Func<int, string> income) =>
        "age,income,y\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{age(i)},{income(i)},{(i % 2 == 0 ? "a" : "b")}\n"));

    [Fact]
    public void AFewWordsAmongNumbers_AreMissingValues()
    {
        var path = _files.Write("t.csv", Table(i => i == 0 ? "unknown" : i == 11 ? " Unknown " : (20 + i).ToString(), i => i == 5 ? "#N/A" : (1000 * i).ToString()));
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var age = data.Schema["age"];
        Assert.Equal((ColumnValueKind.Single, ColumnRole.Numeric, 2, 18), (age.Kind, age.Role, age.MissingCount, age.DistinctCount));
        Assert.Equal(["unknown"], age.MissingTokens!.Select(t => t.ToLowerInvariant()));
        Assert.Contains("read as missing", age.Reason);
        Assert.Equal("21", age.Example);   // the first number, not the first word
        var ages = ViewReader.Singles(data.Data, "age");
        Assert.True(float.IsNaN(ages[0]) && float.IsNaN(ages[11]));
        Assert.Equal(24f, ages[4]);
        Assert.Equal(ColumnRole.Numeric, data.Schema["income"].Role);
        Assert.True(float.IsNaN(ViewReader.Singles(data.Data, "income")[5]));

        // A file read with the training schema treats the same words as missing; a word training never saw is an error
        // that names the line and column.
        var test = DataLoader.LoadFile(_ml, _files.Write("te.csv", "age,income\nUNKNOWN,5\n33,#n/a\n"), data.Schema);
        Assert.True(float.IsNaN(ViewReader.Singles(test.Data, "age")[0]));
        Assert.True(float.IsNaN(ViewReader.Singles(test.Data, "income")[1]));
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, _files.Write("bad.csv", "age,income\nnone,5\n"), data.Schema));
        Assert.Contains("line 2, column 'age': 'none' is not a number", ex.Message);
    }

    [Theory]
    [InlineData("unknown", 3)]     // a word on more than a tenth of the rows is a value
    [InlineData("90+", 1)]         // a word with a digit carries a number
    [InlineData("< 5", 1)]
    [InlineData("four-words", 1)]  // with 'w1', 'w2', 'w3' below: four different words
    public void MoreWordsOrWordsWithNumbers_KeepTheColumnText(string word, int rows)
    {
        string Age(int i) => i < rows ? word : word == "four-words" && i is >= 10 and < 13 ? $"w{i - 9}" : (20 + i % 10).ToString();
        var path = _files.Write("t.csv", Table(Age, i => i.ToString()));
        var age = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" }).Schema["age"];
        Assert.Equal((ColumnValueKind.Text, ColumnRole.Categorical), (age.Kind, age.Role));
        Assert.Null(age.MissingTokens);
        Assert.Equal(0, age.MissingCount);
    }

    [Fact]
    public void TheLabel_IsNotRead_ThisWay()
    {
        // A numeric label with a word among its values stays as written (classes), as before: a missing label is a
        // dropped row, and dropping rows because of a guess is not done silently.
        var path = _files.Write("t.csv", "x,price\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i},{(i == 4 ? "unknown" : (100 + i).ToString())}\n")));
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "price" });
        Assert.NotEqual(MLTask.Regression, data.Schema.Label!.Task);
    }

    [Fact]
    public void NumbersWithOneUnit_AreNumeric_AndScoringFilesTakeTheUnitOrNone()
    {
        // As scraped listings write them: engine size in CC, power in bhp, age in year(s), one 'N/A'-like word.
        var rows = Enumerable.Range(0, 20).Select(i =>
            $"{(i == 7 ? "unknown" : $"\"{1000 + 50 * (i % 8):#,##0} CC\"")},{60 + i % 5}.5 bhp,{(i % 4 == 0 ? "1 year" : $"{i % 4 + 1} Years")},{(i % 2 == 0 ? "a" : "b")}\n");
        var path = _files.Write("cars.csv", "engine,power,age,y\n" + string.Concat(rows));
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var engine = data.Schema["engine"];
        Assert.Equal((ColumnValueKind.Single, ColumnRole.Numeric, "cc", 1), (engine.Kind, engine.Role, engine.Unit, engine.MissingCount));
        Assert.Equal(["unknown"], engine.MissingTokens);
        Assert.Contains("in 'cc'", engine.Reason);
        Assert.Equal([1000f, 1050f, 1100f], ViewReader.Singles(data.Data, "engine")[..3]);
        Assert.True(float.IsNaN(ViewReader.Singles(data.Data, "engine")[7]));
        Assert.Equal((ColumnRole.Numeric, "bhp"), (data.Schema["power"].Role, data.Schema["power"].Unit));
        Assert.Equal(60.5f, ViewReader.Singles(data.Data, "power")[0]);
        Assert.Equal("year", data.Schema["age"].Unit);
        Assert.Equal([1f, 2f, 3f, 4f], ViewReader.Singles(data.Data, "age")[..4]);

        var test = DataLoader.LoadFile(_ml, _files.Write("te.csv", "engine,power,age\n1500cc,70 BHP,2\n998,81.8,5 years\n"), data.Schema);
        Assert.Equal([1500f, 998f], ViewReader.Singles(test.Data, "engine"));
        Assert.Equal([70f, 81.8f], ViewReader.Singles(test.Data, "power"));
        Assert.Equal([2f, 5f], ViewReader.Singles(test.Data, "age"));
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, _files.Write("bad.csv", "engine,power,age\n1.5 L,70,2\n"), data.Schema));
        Assert.Contains("line 2, column 'engine': '1.5 L' is not a number in 'cc'", ex.Message);
    }

    [Theory]
    [InlineData("kg", "lb")]      // two units cannot be put on one scale
    [InlineData("st", "nd")]      // 1st, 2nd: ordinals
    public void TwoUnits_KeepTheColumnText(string first, string second)
    {
        var path = _files.Write("t.csv", "w,y\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i % 6 + 1}{(i % 2 == 0 ? first : second)},{(i % 2 == 0 ? "a" : "b")}\n")));
        var w = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" }).Schema["w"];
        Assert.Equal((ColumnValueKind.Text, (string?)null), (w.Kind, w.Unit));
    }

    [Fact]
    public void TrueFalseInMixedCase_IsStillABooleanOfTwoValues()
    {
        // Every value is a word without a digit, so each is first counted as a placeholder candidate; the distinct count
        // must still fold case as a boolean column's does.
        var b = DataLoader.LoadFile(_ml, _files.Write("b.csv", "b,y\nTrue,a\nfalse,b\nTRUE,a\nFalse,b\ntrue,a\n"), new DataLoadOptions { Label = "y" }).Schema["b"];
        Assert.Equal((ColumnRole.Boolean, 2), (b.Role, b.DistinctCount));
    }

    [Fact]
    public void ClockTimesAndDurations_AreHours()
    {
        string[] times = ["14:30", "7:05", "23:59:30", "0:45", "125:00"];
        var path = _files.Write("t.csv", "depart,y\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{times[i % 5]},{(i % 2 == 0 ? "a" : "b")}\n")));
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var depart = data.Schema["depart"];
        Assert.Equal((ColumnRole.Numeric, "h:mm"), (depart.Role, depart.Unit));
        Assert.Contains("read as hours", depart.Reason);
        var hours = ViewReader.Singles(data.Data, "depart")[..5];
        Assert.Equal([14.5f, 7f + 5f / 60, 23f + 59f / 60 + 30f / 3600, 0.75f, 125f], hours);
        var test = DataLoader.LoadFile(_ml, _files.Write("te.csv", "depart\n8:15\n9\n"), data.Schema);
        Assert.Equal([8.25f, 9f], ViewReader.Singles(test.Data, "depart"));
    }
}
