using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;

namespace DeepRoad.Tests.Schema;

/// <summary>Date columns are recognised from their values and split into numeric parts, at training and at prediction time.</summary>
public sealed class DateColumnTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    private static string Csv(string header, params string[] dates) =>
        header + "\n" + string.Concat(dates.Select((d, i) => $"{d},{i},{(i % 2 == 0 ? "a" : "b")}\n"));

    [Theory]
    [InlineData(ImputationKind.Mean)]
    [InlineData(ImputationKind.Median)]
    public void MissingDate_GetsOneIndicator_NotOnePerPart(ImputationKind imputation)
    {
        // The parts of a date are missing together: one indicator says it (the first part's), not five copies.
        var path = _files.Write($"gaps{imputation}.csv", "when,v,y\n2024-07-17,1,a\n,,b\n2023-02-28,3,a\n2024-12-31,,b\n2022-01-05,5,a\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var featurizer = DefaultFeaturizer.Build(_ml, data.Schema, new FeaturizerOptions { Imputation = imputation, AddMissingIndicators = true });
        var output = featurizer.Fit(data.Data).Transform(data.Data).Schema;
        var indicators = output.Select(c => c.Name).Where(n => n.EndsWith("_missing", StringComparison.Ordinal) && !n.StartsWith("__", StringComparison.Ordinal)).Distinct().Order().ToArray();
        Assert.Equal(["v_missing", "when_year_missing"], indicators);
    }

    [Fact]
    public void IsoDates_AreSplitIntoYearMonthDayWeekdayAndDays()
    {
        var path = _files.Write("iso.csv", Csv("when,v,y", "2024-07-17", "2023-02-28", "", "2024-12-31"));
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var s = data.Schema;
        Assert.Equal(ColumnRole.Date, s["when"].Role);
        Assert.False(s["when"].IsFeature);
        Assert.Equal(["when", "when_year", "when_month", "when_day", "when_dayofweek", "when_days", "v", "y"], s.Columns.Select(c => c.Name));
        Assert.All(s.Columns.Where(c => c.Date is not null), c => Assert.Equal(ColumnRole.Numeric, c.Role));
        Assert.Equal(new DateFeature("when", DatePart.Month, DateLayout.Iso), s["when_month"].Date);
        Assert.Equal(1, s["when_year"].MissingCount);

        Assert.Equal([2024f, 2023f, float.NaN, 2024f], ViewReader.Singles(data.Data, "when_year"));
        Assert.Equal([7f, 2f, float.NaN, 12f], ViewReader.Singles(data.Data, "when_month"));
        Assert.Equal([17f, 28f, float.NaN, 31f], ViewReader.Singles(data.Data, "when_day"));
        // 2024-07-17 was a Wednesday (Monday = 0), 2023-02-28 a Tuesday, 2024-12-31 a Tuesday.
        Assert.Equal([2f, 1f, float.NaN, 1f], ViewReader.Singles(data.Data, "when_dayofweek"));
        float days = ViewReader.Singles(data.Data, "when_days")[0];
        Assert.Equal((new DateTime(2024, 7, 17) - new DateTime(1970, 1, 1)).TotalDays, days, 3);
    }

    [Fact]
    public void Times_AddTheHourPart()
    {
        var path = _files.Write("t.csv", Csv("when,v,y", "2024-07-17T14:30:00", "2024-07-18 08:15", "2024-07-19T00:00:00Z"));
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal([14.5f, 8.25f, 0f], ViewReader.Singles(data.Data, "when_hour"));
        Assert.Equal(DatePart.Hour, data.Schema["when_hour"].Date!.Part);
        // The year has one value: kept in the schema, as a constant.
        Assert.Equal(ColumnRole.Constant, data.Schema["when_year"].Role);
    }

    [Theory]
    [InlineData("17/07/2024", "03/02/2024", DateLayout.DayFirst, 7f, 2f)]   // a first field above 12: day first
    [InlineData("07/17/2024", "02/03/2024", DateLayout.MonthFirst, 7f, 2f)] // a second field above 12: month first
    [InlineData("01/02/2024", "03/04/2024", DateLayout.MonthFirst, 1f, 3f)] // neither: month first with slashes ...
    [InlineData("01.02.2024", "03.04.2024", DateLayout.DayFirst, 2f, 4f)]   // ... day first with dots
    [InlineData("17 Jul 2024", "\"Feb 3, 2024\"", DateLayout.MonthName, 7f, 2f)]
    public void DayAndMonthOrder_IsReadFromTheValues(string first, string second, DateLayout layout, float month0, float month1)
    {
        var path = _files.Write("o.csv", Csv("when,v,y", first, second));
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal(ColumnRole.Date, data.Schema["when"].Role);
        Assert.Equal(layout, data.Schema["when_month"].Date!.Layout);
        Assert.Equal([month0, month1], ViewReader.Singles(data.Data, "when_month"));
    }

    [Theory]
    [InlineData("17/07/2024", "07/17/2024")]  // both fields above 12 somewhere: no consistent order
    [InlineData("2024-07-17", "17/07/2024")]  // two ways of writing
    [InlineData("2024-13-01", "2024-01-01")]  // month 13
    [InlineData("2023-02-29", "2024-01-01")]  // no such day
    [InlineData("July", "June")]
    [InlineData("A-12", "B-7")]
    public void ValuesThatAreNotAllDatesOneWay_StayText(string first, string second)
    {
        var path = _files.Write("n.csv", Csv("when,v,y", first, second, first));
        var data = DataLoader.LoadFile(_ml, path);
        Assert.NotEqual(ColumnRole.Date, data.Schema["when"].Role);
        Assert.DoesNotContain(data.Schema.Columns, c => c.Date is not null);
    }

    [Fact]
    public void DetectDatesOff_LeavesTheColumnCategorical()
    {
        var path = _files.Write("off.csv", Csv("when,v,y", "2024-07-17", "2024-07-18", "2024-07-17"));
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { DetectDates = false });
        Assert.Equal(ColumnRole.Categorical, data.Schema["when"].Role);
    }

    [Fact]
    public void PartNames_DoNotCollideWithExistingColumns()
    {
        var path = _files.Write("c.csv", "when,when_year,y\n2024-07-17,5,a\n2023-07-18,6,b\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal([5f, 6f], ViewReader.Singles(data.Data, "when_year"));
        Assert.Equal([2024f, 2023f], ViewReader.Singles(data.Data, "when_year_2"));
    }

    [Fact]
    public void PredictionData_IsSplitWithTheTrainingLayout_AndAcceptsIso()
    {
        var train = DataLoader.LoadFile(_ml, _files.Write("tr.csv", Csv("when,v,y", "17/07/2024", "03/02/2024")), new DataLoadOptions { Label = "y" });
        // 05/06/2024 alone would be month first; the training layout says day first. ISO is read whatever the layout.
        var test = DataLoader.LoadFile(_ml, _files.Write("te.csv", "when,v\n05/06/2024,1\n2024-01-09T10:00:00.0000000,2\n"), train.Schema);
        Assert.Equal([6f, 1f], ViewReader.Singles(test.Data, "when_month"));
        Assert.Equal([5f, 9f], ViewReader.Singles(test.Data, "when_day"));
    }

    [Fact]
    public void PredictionData_BadDateOrMissingDateColumn_NamesLineAndColumn()
    {
        var train = DataLoader.LoadFile(_ml, _files.Write("tr.csv", Csv("when,v,y", "2024-07-17", "2024-02-03")), new DataLoadOptions { Label = "y" });
        var bad = _files.Write("bad.csv", "when,v\n2024-01-01,1\nsoon,2\n");
        var e = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, bad, train.Schema));
        Assert.Equal($"{bad}: line 3, column 'when': 'soon' is not a date written as the column's dates are (year first, e.g. 2024-07-17).", e.Message);
        Assert.Equal("when", e.Column);
        Assert.Equal(3L, e.Line);

        var none = _files.Write("none.csv", "v\n1\n");
        var m = Assert.Throws<DeepRoadDataException>(() => DataLoader.LoadFile(_ml, none, train.Schema));
        Assert.StartsWith($"{none}: column 'when' is missing (the training data has it).", m.Message);
    }

    [Fact]
    public void DateTimeProperties_OfTypedObjects_AreDateColumns()
    {
        var rows = new[]
        {
            new Row { When = new DateTime(2024, 7, 17, 9, 0, 0), V = 1, Y = "a" },
            new Row { When = new DateTime(2023, 1, 2), V = 2, Y = "b" },
        };
        var data = DataLoader.FromEnumerable(_ml, rows);
        Assert.Equal(ColumnRole.Date, data.Schema["When"].Role);
        Assert.Equal([9f, 0f], ViewReader.Singles(data.Data, "When_hour"));
        Assert.Equal([2024f, 2023f], ViewReader.Singles(data.Data, "When_year"));
    }

    private sealed class Row
    {
        public DateTime When { get; set; }
        public float V { get; set; }
        public string Y { get; set; } = "";
    }
}
