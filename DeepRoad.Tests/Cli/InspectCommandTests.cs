using DeepRoad.Tests.Loading;

namespace DeepRoad.Tests.Cli;

[Collection("Console")]
public sealed class InspectCommandTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Inspect_PenguinsWithLabel_PrintsSchemaTaskMissingAndCleaning()
    {
        var (code, output, err) = await CliRunner.RunAsync("inspect", DataPaths.Shipped("penguins/train.csv"), "--label", "species");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("rows: 275, columns: 7", output);
        Assert.Contains("task: MulticlassClassification (inferred), label 'species', 3 classes [Adelie, Chinstrap, Gentoo]", output);
        Assert.Matches(@"sex\s+Text\s+Categorical\s+11\s+2\s+female", output);
        Assert.Matches(@"body_mass_g\s+Single\s+Numeric\s+2\s+", output);
        Assert.Matches(@"Imputation\s+sex\s+filled 11 missing value\(s\) with most frequent 'male'", output);
        Assert.Matches(@"island\s+one-hot \(3 values\)", output);
        // The cleaning plan is the library's DataCleaner; the output says that automl does not apply it.
        Assert.Contains("cleaning plan (DataCleaner's defaults with IQR clipping, fitted on this file): 275 rows in,", output);
        Assert.Contains("`deeproad automl` does not apply this plan", output);
    }

    [Fact]
    public async Task Inspect_TaskOverride_IsReported()
    {
        var (code, output, _) = await CliRunner.RunAsync("inspect", DataPaths.Shipped("diabetes/train.csv"), "--label", "sex", "--task", "multiclass");
        Assert.Equal(0, code);
        Assert.Contains("task: MulticlassClassification (set by caller), label 'sex', 2 classes [1, 2]", output);
    }

    [Fact]
    public async Task Inspect_WithoutLabel_SaysNoTask()
    {
        var (code, output, _) = await CliRunner.RunAsync("inspect", DataPaths.Shipped("iris/train.csv"));
        Assert.Equal(0, code);
        Assert.Contains("task: none (no label column named)", output);
        Assert.Matches(@"species\s+Text\s+Categorical", output);
    }

    [Fact]
    public async Task Inspect_MissingFile_ExitsTwoWithError()
    {
        var path = Path.Combine(_files.Dir, "missing.csv");
        var (code, output, err) = await CliRunner.RunAsync("inspect", path);
        Assert.Equal(2, code);
        Assert.Equal($"error: {path}: file not found.", err.Trim());
        Assert.DoesNotContain("   at ", err);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task Inspect_LabelNotFound_ExitsTwoListingColumns()
    {
        var (code, _, err) = await CliRunner.RunAsync("inspect", DataPaths.Shipped("iris/train.csv"), "--label", "kind");
        Assert.Equal(2, code);
        Assert.Equal($"error: {DataPaths.Shipped("iris/train.csv")}: label column 'kind' not found. Available columns: sepal_length_cm, sepal_width_cm, petal_length_cm, petal_width_cm, species.", err.Trim());
    }

    [Fact]
    public async Task Inspect_RaggedFile_ExitsTwoNamingLine()
    {
        var path = _files.Write("r.csv", "a,b\n1,2\n3\n");
        var (code, _, err) = await CliRunner.RunAsync("inspect", path);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {path}: line 3: the row has 1 field(s) but the header has 2", err.Trim());
    }

    [Fact]
    public async Task Inspect_TaskWithoutLabel_ExitsTwoNamingOption()
    {
        var (code, _, err) = await CliRunner.RunAsync("inspect", DataPaths.Shipped("iris/train.csv"), "--task", "binary");
        Assert.Equal(2, code);
        Assert.Equal("error: --task needs --label: name the label column.", err.Trim());
    }

    [Fact]
    public async Task Inspect_ColumnWithNoValues_IsShownAsConstantLikeAutoMLTreatsIt()
    {
        // automl drops a column with no values at all; inspect must show the same plan rather than refuse the file.
        var path = _files.Write("e.csv", "a,empty,y\n1,,x\n2,,y\n3,,x\n4,,y\n");
        var (code, output, err) = await CliRunner.RunAsync("inspect", path, "--label", "y");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Matches(@"empty\s+Text\s+Constant\s+4\s+0", output);
    }
}
