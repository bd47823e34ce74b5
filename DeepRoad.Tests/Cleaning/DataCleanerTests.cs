using System.Globalization;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Cleaning;

public sealed class DataCleanerTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    private LoadedData Penguins() => DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });

    private static double Median(IEnumerable<float> values)
    {
        var v = values.Where(x => !float.IsNaN(x)).Select(x => (double)x).Order().ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    [Fact]
    public void Fit_Penguins_ImputesWithTrainingMedianAndAddsIndicators()
    {
        var data = Penguins();
        var raw = ViewReader.Singles(data.Data, "bill_length_mm");
        int missing = raw.Count(float.IsNaN);
        Assert.True(missing > 0);
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema, new CleaningOptions { Imputation = ImputationKind.Median });

        var cleaned = ViewReader.Singles(result.Train, "bill_length_mm");
        Assert.DoesNotContain(cleaned, float.IsNaN);
        float median = (float)Median(raw);
        for (int i = 0; i < raw.Length; i++)
            Assert.Equal(float.IsNaN(raw[i]) ? median : raw[i], cleaned[i]);
        var indicator = ViewReader.Column<bool>(result.Train, "bill_length_mm_missing");
        Assert.Equal(raw.Select(float.IsNaN), indicator);
        Assert.Equal(ColumnRole.Boolean, result.Schema["bill_length_mm_missing"].Role);
        Assert.Contains(result.Report.Actions, a => a.Step == CleaningStep.Imputation && a.Column == "bill_length_mm" && a.Cells == missing);
        Assert.Equal(data.Schema.Columns.Where(c => c.Role is ColumnRole.Numeric or ColumnRole.Categorical).Sum(c => c.MissingCount),
            result.Report.CellsChanged(CleaningStep.Imputation));

        var sex = ViewReader.Text(result.Train, "sex");
        Assert.DoesNotContain("", sex);
    }

    [Fact]
    public void Fit_OnSubset_UsesOnlyTrainingRowsStatistics()
    {
        var data = Penguins();
        var keep = Enumerable.Range(0, data.Schema.RowCount).Select(i => i < 100).ToArray();
        var first100 = _ml.Data.TakeRows(data.Data, 100);
        var result = DataCleaner.Fit(_ml, first100, data.Schema, new CleaningOptions { Imputation = ImputationKind.Mean });
        float mean100 = (float)ViewReader.Singles(first100, "body_mass_g").Where(v => !float.IsNaN(v)).Average(v => (double)v);
        float meanAll = (float)ViewReader.Singles(data.Data, "body_mass_g").Where(v => !float.IsNaN(v)).Average(v => (double)v);
        Assert.NotEqual(meanAll, mean100, 1e-2f);
        // Apply to all rows: a row missing body_mass_g gets the mean of the first 100 rows.
        var all = result.Transform(data.Data);
        var raw = ViewReader.Singles(data.Data, "body_mass_g");
        var filled = ViewReader.Singles(all, "body_mass_g");
        int idx = Array.FindIndex(raw, float.IsNaN);
        Assert.True(idx >= 0);
        Assert.Equal(mean100, filled[idx], 1e-3f);
        Assert.Equal(data.Schema.RowCount, ViewReader.Count(all));
    }

    [Fact]
    public void Fit_Duplicates_RemovedFromTrainingOnly()
    {
        var path = _files.Write("dup.csv", "a,b,y\n1,x,0\n2,y,1\n1,x,0\n3,z,1\n2,y,1\n1,x,1\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema, CleaningOptions.Minimal with { RemoveDuplicateRows = true });
        Assert.Equal(6, result.Report.RowsBefore);
        Assert.Equal(4, result.Report.RowsAfter);
        Assert.Equal([1f, 2f, 3f, 1f], ViewReader.Singles(result.Train, "a"));
        Assert.Contains(result.Report.Actions, a => a.Step == CleaningStep.DuplicateRemoval && a.Rows == 2);
        Assert.Equal(6, ViewReader.Count(result.Transform(data.Data)));
    }

    [Fact]
    public void Fit_Diabetes_IqrClippingMatchesNumPyBounds()
    {
        // numpy: q1, q3 = np.percentile(train.s4 ... ) with linear interpolation; bounds q1-1.5*iqr, q3+1.5*iqr.
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("diabetes/train.csv"), new DataLoadOptions { Label = "progression" });
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema, CleaningOptions.Minimal with { Clipping = OutlierClipping.Iqr });
        var s1 = ViewReader.Singles(result.Train, "s1");
        var golden = Golden.Read("diabetes_s1_iqr");
        Assert.Equal(golden[0], s1.Min(), 1e-3);
        Assert.Equal(golden[1], s1.Max(), 1e-3);
        Assert.Equal((int)golden[2], result.Report.Actions.Single(a => a.Step == CleaningStep.OutlierClipping && a.Column == "s1").Cells);
    }

    [Fact]
    public void Fit_IqrClipping_LeavesAColumnMostlyOnOneValueAlone()
    {
        // 'gain' is 0 on 8 of 10 rows (as adult's capital_gain is on most): Q1 = Q3 = 0, and fences of width 0 would clip
        // every gain to 0. 'x' has a spread, so its outlier is clipped as before.
        var path = _files.Write("gain.csv", "gain,x,y\n0,1,a\n0,2,b\n0,3,a\n0,4,b\n0,5,a\n0,6,b\n0,7,a\n0,8,b\n7000,9,a\n15000,100,b\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema, CleaningOptions.Minimal with { Clipping = OutlierClipping.Iqr });
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, 7000f, 15000f], ViewReader.Singles(result.Train, "gain"));
        Assert.DoesNotContain(result.Report.Actions, a => a.Step == CleaningStep.OutlierClipping && a.Column == "gain");
        Assert.True(ViewReader.Singles(result.Train, "x").Max() < 100f);
    }

    [Fact]
    public void Fit_QuantileClipping_BoundsAreTrainingQuantiles()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("diabetes/train.csv"), new DataLoadOptions { Label = "progression" });
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema,
            CleaningOptions.Minimal with { Clipping = OutlierClipping.Quantile, ClipLowerQuantile = 0.05, ClipUpperQuantile = 0.95 });
        var bmi = ViewReader.Singles(result.Train, "bmi");
        var golden = Golden.Read("diabetes_bmi_q05_q95");
        Assert.Equal(golden[0], bmi.Min(), 1e-3);
        Assert.Equal(golden[1], bmi.Max(), 1e-3);
    }

    [Fact]
    public void Fit_RareCategories_FoldedAndUnseenCategoryMapsToRare()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("sacramento/train.csv"), new DataLoadOptions { Label = "price" });
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema, CleaningOptions.Minimal with { FoldRareCategories = true, RareCategoryMinCount = 5 });
        var before = ViewReader.Text(data.Data, "city");
        var after = ViewReader.Text(result.Train, "city");
        var counts = before.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        for (int i = 0; i < before.Length; i++)
            Assert.Equal(counts[before[i]] < 5 ? CleaningOptions.RareCategory : before[i], after[i]);
        Assert.Equal(before.Count(c => counts[c] < 5), result.Report.Actions.Single(a => a.Step == CleaningStep.RareCategoryFolding && a.Column == "city").Cells);

        // Prediction time: a city never seen in training is handled, not an error.
        var path = _files.Write("new.csv", "city,zip,beds,baths,sqft,type,latitude,longitude\nATLANTIS,z00000,3,2,1200,Residential,38.5,-121.4\nSACRAMENTO,z95823,2,1,900,Condo,38.5,-121.4\n");
        var unseen = DataLoader.LoadFile(_ml, path, data.Schema);
        var mapped = result.Transform(unseen.Data);
        Assert.Equal([CleaningOptions.RareCategory, "SACRAMENTO"], ViewReader.Text(mapped, "city"));
        Assert.Equal(CleaningOptions.RareCategory, ViewReader.Text(mapped, "zip")[0]);
    }

    [Fact]
    public void Fit_DropsConstantAndIdentifierColumns()
    {
        var lines = Enumerable.Range(1, 30).Select(i => $"{i},same,{i % 3},{(i % 2 == 0 ? "a" : "b")}");
        var path = _files.Write("ids.csv", "row_id,const,x,y\n" + string.Join("\n", lines) + "\n");
        var data = DataLoader.LoadFile(_ml, path, new DataLoadOptions { Label = "y" });
        Assert.Equal(ColumnRole.Identifier, data.Schema["row_id"].Role);
        Assert.Equal(ColumnRole.Constant, data.Schema["const"].Role);
        var result = DataCleaner.Fit(_ml, data.Data, data.Schema, new CleaningOptions());
        Assert.Null(result.Train.Schema.GetColumnOrNull("row_id"));
        Assert.Null(result.Train.Schema.GetColumnOrNull("const"));
        Assert.NotNull(result.Train.Schema.GetColumnOrNull("x"));
        Assert.Equal(2, result.Report.Actions.Count(a => a.Step == CleaningStep.DropColumns));
        Assert.Throws<DeepRoad.Pipelines.DeepRoadDataException>(() => result.Schema["row_id"]);
    }

    [Fact]
    public void CleaningEstimator_OutputSchemaMatchesFittedAndSavesAndLoads()
    {
        var data = Penguins();
        var estimator = new CleaningEstimator(_ml, data.Schema, new CleaningOptions { Clipping = OutlierClipping.Iqr });
        // SchemaShape.Create is internal to ML.NET; reach it the way ML.NET's own pipelines do.
        var create = typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)!;
        var shape = estimator.GetOutputSchema((SchemaShape)create.Invoke(null, [data.Data.Schema])!);
        var model = estimator.Fit(data.Data);
        var output = model.Transform(data.Data);
        Assert.Equal(shape.Select(c => c.Name).Order(), output.Schema.Select(c => c.Name).Distinct().Order());
        var file = Path.Combine(_files.Dir, "cleaner.zip");
        _ml.Model.Save(model, data.Data.Schema, file);
        var loaded = _ml.Model.Load(file, out _);
        Assert.Equal(ViewReader.Singles(output, "body_mass_g"), ViewReader.Singles(loaded.Transform(data.Data), "body_mass_g"));
        Assert.Equal(data.Schema.RowCount, ViewReader.Count(output));
    }
}
