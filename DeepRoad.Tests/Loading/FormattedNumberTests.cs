using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

/// <summary>
/// Amounts as spreadsheets and reports export them (currency symbols, thousands separators, percent signs) load as
/// numbers instead of as identifiers or categories.
/// </summary>
public sealed class FormattedNumberTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    // Each value quoted in a comma-separated file, above a plain 1 (a comma separator leaves decimal commas off, so
    // "1,200" can only be a thousands separator).
    private LoadedData Column(string value) => DataLoader.LoadFile(_ml, _files.Write("one.csv", $"x,y\n\"{value}\",a\n1,b\n"));

    [Theory]
    [InlineData("$1,234.50", 1234.5)]
    [InlineData("1,234,567", 1234567)]
    [InlineData("-$1,200", -1200)]
    [InlineData("$-3.5", -3.5)]
    [InlineData("€ 3", 3)]
    [InlineData("12.5 £", 12.5)]
    [InlineData("5.2%", 5.2)]
    [InlineData(" -0.5 % ", -0.5)]
    [InlineData("¥1000", 1000)]
    [InlineData("$.99", 0.99)]
    public void FormattedAmounts_AreNumbers(string text, double expected)
    {
        var data = Column(text);
        Assert.Equal(ColumnValueKind.Single, data.Schema["x"].Kind);
        Assert.Equal((float)expected, ViewReader.Singles(data.Data, "x")[0]);
    }

    [Theory]
    [InlineData("1,23")]       // not groups of three: a list or a decimal comma, not a thousands separator
    [InlineData("1,2345")]
    [InlineData("12,5")]
    [InlineData("$")]
    [InlineData("%")]
    [InlineData("$5%")]        // a currency and a percent
    [InlineData("$5€")]        // two currencies
    [InlineData("-$-5")]       // two signs
    [InlineData("USD")]
    [InlineData("5 apples and 3 pears")]
    [InlineData("A$5")]
    public void WhatIsNotAnAmount_StaysText(string text) =>
        Assert.Equal(ColumnValueKind.Text, Column(text).Schema["x"].Kind);

    [Fact]
    public void CurrencyPercentAndThousandsColumns_AreNumeric()
    {
        // Before: 'income' (unique per row) was inferred as an identifier and dropped, 'rate' and 'units' as categories.
        var path = _files.Write("money.csv",
            "income,rate,units,note,y\n\"$23,455.61\",5.2%,\"1,200\",$5 off,a\n\"$20,618.57\",17.6%,\"12,000\",free,b\n" +
            "\"-$1,000.00\",0.5 %,300,$5 off,a\n,,,free,b\n\"$1,234,567\",100%,\"1,000,000\",free,a\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(ColumnRole.Numeric, data.Schema["income"].Role);
        Assert.Equal(ColumnRole.Numeric, data.Schema["rate"].Role);
        Assert.Equal(ColumnRole.Numeric, data.Schema["units"].Role);
        Assert.Equal([23455.61f, 20618.57f, -1000f, float.NaN, 1234567f], ViewReader.Singles(data.Data, "income"));
        Assert.Equal([5.2f, 17.6f, 0.5f, float.NaN, 100f], ViewReader.Singles(data.Data, "rate"));
        Assert.Equal([1200f, 12000f, 300f, float.NaN, 1000000f], ViewReader.Singles(data.Data, "units"));
        // A text that only starts like an amount stays text.
        Assert.Equal(ColumnRole.Categorical, data.Schema["note"].Role);
    }

    [Fact]
    public void ScoringFile_WithoutTheSymbols_ReadsWithTheTrainingSchema()
    {
        var train = DataLoader.LoadFile(_ml, _files.Write("tr.csv", "price,rate,y\n$10,5%,a\n$20,10%,b\n$30,15%,a\n"), new DataLoadOptions { Label = "y" });
        var test = DataLoader.LoadFile(_ml, _files.Write("te.csv", "price,rate\n\"$1,000\",7.5\n15,2.5%\n"), train.Schema);
        Assert.Equal([1000f, 15f], ViewReader.Singles(test.Data, "price"));
        Assert.Equal([7.5f, 2.5f], ViewReader.Singles(test.Data, "rate"));
    }

    [Fact]
    public void RegressionLabel_WrittenAsCurrency_IsARegressionTarget()
    {
        var data = DataLoader.LoadFile(_ml, _files.Write("houses.csv", "rooms,price\n3,\"$250,000\"\n4,\"$312,500.50\"\n2,\"$99,000\"\n5,\"$1,100,000\"\n"),
            new DataLoadOptions { Label = "price" });
        Assert.Equal(MLTask.Regression, data.Schema.Label!.Task);
        Assert.Equal([250000f, 312500.5f, 99000f, 1100000f], ViewReader.Singles(data.Data, "price"));
    }

    [Fact]
    public void SemicolonFile_DecimalCommaAmounts_AreNumbers()
    {
        var path = _files.Write("eu.csv", "preis;anteil;name\n1.234,50 €;12,5 %;a\n-3,25 €;7 %;b\n€ 10;0,5%;c\n");
        var data = DataLoader.LoadFile(_ml, path);
        Assert.Equal([1234.5f, -3.25f, 10f], ViewReader.Singles(data.Data, "preis"));
        Assert.Equal([12.5f, 7f, 0.5f], ViewReader.Singles(data.Data, "anteil"));
    }
}
