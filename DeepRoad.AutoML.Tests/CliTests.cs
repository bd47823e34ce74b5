using System.Text.Json;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Export;
using DeepRoad.Cli;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;

namespace DeepRoad.AutoML.Tests;

/// <summary>The automl, predict, evaluate and export commands on shipped data, and their errors.</summary>
[Collection("console")]
public sealed class CliTests
{
    private static async Task<(int Code, string Error)> Run(params string[] args)
    {
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try { return (await CliApp.RunAsync(args), err.ToString()); }
        finally { Console.SetError(old); }
    }

    [Fact]
    public async Task Cli_AutomlPredictEvaluateExport_OnShippedData()
    {
        var dir = TestData.TempDir();
        string train = TestData.Shipped("breast_cancer", "train.csv"), test = TestData.Shipped("breast_cancer", "test.csv");
        var (code, err) = await Run("automl", "--train", train, "--test", test, "--label", "diagnosis", "--trials", "4", "--jobs", "2", "--seed", "1", "--refit", "true", "--out", dir);
        Assert.True(code == 0, err);
        // --refit true: every member of the saved model was refitted on all rows (the default serves fold models).
        Assert.All(AutoMLModel.Load(Path.Combine(dir, "model.zip")).Members, m => Assert.True(m.RefitOnAllRows));
        foreach (var f in new[] { "model.zip", "leaderboard.csv", "report.html", "metrics.json" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json"))))
        {
            Assert.Equal("binary", json.RootElement.GetProperty("task").GetString());
            var m = json.RootElement.GetProperty("metrics");
            Assert.True(m.GetProperty("auc").GetDouble() > 0.97, m.ToString());
            Assert.True(m.GetProperty("accuracy").GetDouble() > 0.9, m.ToString());
            Assert.True(m.TryGetProperty("macro_f1", out _) && m.TryGetProperty("log_loss", out _));
        }
        var lb = File.ReadAllLines(Path.Combine(dir, "leaderboard.csv"));
        Assert.Equal(5, lb.Length);
        Assert.StartsWith("rank,trial,trainer,state,roc_auc", lb[0]);

        string preds = Path.Combine(dir, "preds.csv");
        (code, err) = await Run("predict", "--model", Path.Combine(dir, "model.zip"), "--input", test, "--output", preds);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(preds);
        Assert.Equal("row,predicted_diagnosis,p_benign,p_malignant", lines[0]);
        Assert.Equal(File.ReadAllLines(test).Length, lines.Length);

        (code, err) = await Run("evaluate", "--model", Path.Combine(dir, "model.zip"), "--test", test, "--json", Path.Combine(dir, "eval.json"));
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "metrics.json")), File.ReadAllText(Path.Combine(dir, "eval.json")));

        (code, err) = await Run("export", "--model", Path.Combine(dir, "model.zip"), "--onnx", Path.Combine(dir, "model.onnx"));
        Assert.True(code is 0 or 1, err);
        Assert.NotEmpty(Directory.GetFiles(dir, "*.onnx"));
    }

    [Fact]
    public async Task Export_DeepRoadsOwnTrainer_IsListedAsNotExported_AndNoBrokenFileIsWritten()
    {
        // ML.NET's converter writes a file for a chain ending in a transformer it cannot convert; ONNX Runtime then fails
        // on it. The exporter must refuse such a member instead.
        var o = new AutoMLOptions { LabelColumn = "progression", TimeBudget = null, MaxTrials = 1, Seed = 4, Refit = true, Trainers = [AutoMLTrainer.ElasticNet] };
        var result = await new MLContext(4).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        var dir = TestData.TempDir();
        var export = OnnxExporter.Export(result.Model, Path.Combine(dir, "model.onnx"));
        Assert.False(export.Complete);
        Assert.Contains(export.NotExported, line => line.Contains("ElasticNet") && line.Contains("no ONNX converter"));
        Assert.Empty(export.Files);
        Assert.Empty(Directory.GetFiles(dir, "*.onnx"));
    }

    [Fact]
    public async Task Export_ImageModel_SaysItsImageStepsHaveNoConverter_AndWritesNothing()
    {
        var o = new AutoMLOptions { LabelColumn = "Label", TimeBudget = null, MaxTrials = 1, Seed = 4, Trainers = [AutoMLTrainer.LbfgsLinear] };
        var result = await new MLContext(4).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("digits_images", "train.csv"));
        var dir = TestData.TempDir();
        var export = OnnxExporter.Export(result.Model, Path.Combine(dir, "model.onnx"));
        Assert.False(export.Complete);
        Assert.Empty(export.Files);
        Assert.Null(export.Manifest);
        Assert.All(export.NotExported, line => Assert.Contains("image steps (LoadImages, ResizeImages, ExtractPixels) read image files and have no ONNX converter", line));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public async Task Export_SingleModel_OnnxScoresMatchDeepRoad()
    {
        var o = new AutoMLOptions { LabelColumn = "diagnosis", TimeBudget = null, MaxTrials = 1, Seed = 4, Refit = true };
        var result = await new MLContext(4).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("breast_cancer", "train.csv"));
        Assert.Single(result.Ensemble);
        Assert.True(result.Ensemble[0].RefitOnAllRows);
        var path = Path.Combine(TestData.TempDir(), "model.onnx");
        var export = OnnxExporter.Export(result.Model, path);
        Assert.True(export.Complete, string.Join("; ", export.NotExported));
        Assert.Null(export.Manifest);

        string output;
        using (var session = new InferenceSession(path)) output = session.OutputMetadata.Keys.First(k => k.StartsWith("Probability", StringComparison.Ordinal));
        var ml = new MLContext(0);
        var view = AutoMLData.FromFile(ml, result.Schema, TestData.Shipped("breast_cancer", "test.csv"), requireLabel: false, out _);
        var inputs = result.Schema.FeatureColumns.Select(c => c.Name).ToArray();
        var scored = ml.Transforms.ApplyOnnxModel([output], inputs, path).Fit(view).Transform(view);
        var outCol = scored.Schema.Select(c => c.Name).FirstOrDefault(n => n == output || n + ".output" == output)
            ?? throw new InvalidOperationException("ONNX output columns: " + string.Join(", ", scored.Schema.Select(c => c.Name)));
        var onnx = scored.GetColumn<VBuffer<float>>(outCol).Select(v => v.DenseValues().First()).ToArray();
        var ours = result.Model.PredictFile(TestData.Shipped("breast_cancer", "test.csv")).Select(p => p.Probabilities["malignant"]).ToArray();
        Assert.Equal(ours.Length, onnx.Length);
        for (int i = 0; i < ours.Length; i++) Assert.True(Math.Abs(ours[i] - onnx[i]) < 1e-4, $"row {i}: DeepRoad {ours[i]} vs ONNX {onnx[i]}");
    }

    [Fact]
    public async Task Cli_Deep_TrueAddsTheMlpToTheSearch_FalseKeepsDeepModelsOut()
    {
        // Cost order on a table: the eight classic trainers' defaults (five ML.NET trainers, k nearest neighbours, extra
        // trees and the random forest), then the MLP's (with --deep true) as the ninth trial.
        string train = TestData.Shipped("iris", "train.csv");
        string Trainers(string dir) => string.Join(",", File.ReadAllLines(Path.Combine(dir, "leaderboard.csv")).Skip(1).Select(l => l.Split(',')[2]).Order());
        var on = TestData.TempDir();
        var (code, err) = await Run("automl", "--train", train, "--label", "species", "--deep", "true", "--trials", "9", "--jobs", "2", "--seed", "4", "--out", on);
        Assert.True(code == 0, err);
        Assert.Contains("Mlp", Trainers(on));
        var off = TestData.TempDir();
        (code, err) = await Run("automl", "--train", train, "--label", "species", "--deep", "false", "--trials", "9", "--jobs", "2", "--seed", "4", "--out", off);
        Assert.True(code == 0, err);
        Assert.DoesNotContain("Mlp", Trainers(off));
    }

    [Fact]
    public async Task Cli_Trainers_SearchesOnlyTheNamedOnes_AndUnknownOrUnsuitedNamesAreErrors()
    {
        var dir = TestData.TempDir();
        var (code, err) = await Run("automl", "--train", TestData.Shipped("diabetes", "train.csv"), "--label", "progression", "--trainers", "elasticnet, LightGbm, knn",
            "--trials", "4", "--jobs", "2", "--seed", "1", "--out", dir);
        Assert.True(code == 0, err);
        var trainers = File.ReadAllLines(Path.Combine(dir, "leaderboard.csv")).Skip(1).Select(l => l.Split(',')[2]).ToHashSet();
        Assert.Equal(new HashSet<string> { "ElasticNet", "LightGbm", "KNearestNeighbors" }, trainers);

        string iris = TestData.Shipped("iris", "train.csv");
        (code, err) = await Run("automl", "--train", iris, "--label", "species", "--trainers", "lightgbm,xgboost", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--trainers", err);
        Assert.Contains("'xgboost'", err);
        // The elastic net is a regression: on classes no named trainer is left.
        (code, err) = await Run("automl", "--train", iris, "--label", "species", "--trainers", "elasticnet", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("ElasticNet", err);
        Assert.Contains("MulticlassClassification", err);
    }

    [Fact]
    public async Task Cli_F1_TunesTheThreshold_MetricsJsonHasF1_AndPredictEvaluateTakeThreshold()
    {
        var dir = TestData.TempDir();
        string train = TestData.Shipped("attrition", "train.csv"), test = TestData.Shipped("attrition", "test.csv");
        var (code, err) = await Run("automl", "--train", train, "--test", test, "--label", "Attrition", "--metric", "f1", "--trainers", "lbfgs",
            "--trials", "2", "--jobs", "2", "--seed", "1", "--out", dir);
        Assert.True(code == 0, err);
        string model = Path.Combine(dir, "model.zip");
        double threshold = AutoMLModel.Load(model).DecisionThreshold;
        Assert.InRange(threshold, 0.05, 0.45);
        double F1(string json)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            return doc.RootElement.GetProperty("metrics").GetProperty("f1").GetDouble();
        }
        double tuned = F1(Path.Combine(dir, "metrics.json"));
        Assert.Contains("decision threshold", File.ReadAllText(Path.Combine(dir, "report.html")));

        (code, err) = await Run("evaluate", "--model", model, "--test", test, "--threshold", "0.5", "--json", Path.Combine(dir, "half.json"));
        Assert.True(code == 0, err);
        Assert.True(tuned > F1(Path.Combine(dir, "half.json")), $"test F1 {tuned} at {threshold} vs {F1(Path.Combine(dir, "half.json"))} at 0.5");

        string preds = Path.Combine(dir, "preds.csv");
        (code, err) = await Run("predict", "--model", model, "--input", test, "--output", preds, "--threshold", "0.95");
        Assert.True(code == 0, err);
        Assert.All(File.ReadAllLines(preds).Skip(1).Select(l => l.Split(',')), f => Assert.Equal(double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture) > 0.95 ? "Yes" : "No", f[1]));

        (code, err) = await Run("predict", "--model", model, "--input", test, "--output", preds, "--threshold", "2");
        Assert.Equal(2, code);
        Assert.Contains("--threshold", err);
        (code, err) = await Run("automl", "--train", train, "--label", "Attrition", "--calibrate-threshold", "maybe", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--calibrate-threshold", err);
        (code, err) = await Run("automl", "--train", train, "--label", "Attrition", "--calibrate-threshold", "on", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("roc_auc", err);
    }

    [Fact]
    public async Task Cli_Holdout_ValidatesOnOneSplitAndRefitsTheMembers()
    {
        var dir = TestData.TempDir();
        var (code, err) = await Run("automl", "--train", TestData.Shipped("iris", "train.csv"), "--label", "species", "--holdout", "0.25",
            "--trials", "3", "--jobs", "2", "--seed", "2", "--out", dir);
        Assert.True(code == 0, err);
        var model = AutoMLModel.Load(Path.Combine(dir, "model.zip"));
        Assert.All(model.Members, m => Assert.True(m.RefitOnAllRows, $"member #{m.Trial} was not refitted"));
        var report = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("validation: stratified holdout", report);
        Assert.DoesNotContain("-fold stratified cross-validation", report);
    }

    [Fact]
    public async Task Cli_GroupAndIgnore_SplitByGroup_LeaveColumnsOut_AndBadNamesAreErrors()
    {
        // Penguins of three islands: whole islands to a fold; bill depth left out of the features.
        var dir = TestData.TempDir();
        var train = TestData.Shipped("penguins", "train.csv");
        var (code, err) = await Run("automl", "--train", train, "--label", "species", "--group", "island", "--ignore", "bill_depth_mm, sex",
            "--folds", "3", "--trials", "2", "--trainers", "lbfgs", "--seed", "1", "--out", dir);
        Assert.True(code == 0, err);
        var model = AutoMLModel.Load(Path.Combine(dir, "model.zip"));
        Assert.Equal(ColumnRole.Constant, model.Schema["island"].Role);
        Assert.Equal(ColumnRole.Constant, model.Schema["bill_depth_mm"].Role);
        Assert.Equal(ColumnRole.Constant, model.Schema["sex"].Role);
        Assert.Contains("whole groups of &#39;island&#39; to a fold", File.ReadAllText(Path.Combine(dir, "report.html")));

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--group", "islet", "--trials", "1", "--out", TestData.TempDir());
        Assert.Equal(2, code);
        Assert.Contains("GroupColumn (--group): 'islet' not in", err);
        // Three islands cannot fill five folds.
        (code, err) = await Run("automl", "--train", train, "--label", "species", "--group", "island", "--trials", "1", "--out", TestData.TempDir());
        Assert.Equal(2, code);
        Assert.Contains("has 3 group(s), fewer than the 5 validation folds", err);
    }

    [Fact]
    public async Task Cli_TimeOrder_ValidatesInTimeOrder_AndCannotBeCombinedWithGroup()
    {
        var train = Path.Combine(TestData.TempDir(), "daily.csv");
        var rng = new Random(2);
        File.WriteAllText(train, "day,x,y\n" + string.Concat(Enumerable.Range(0, 120).OrderBy(_ => rng.Next())
            .Select(d => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddDays(d):yyyy-MM-dd},{d % 7},{0.1 * d + d % 7}\n"))));
        var dir = TestData.TempDir();
        var (code, err) = await Run("automl", "--train", train, "--label", "y", "--time-order", "day", "--trials", "2", "--trainers", "lightgbm", "--seed", "1", "--out", dir);
        Assert.True(code == 0, err);
        Assert.Contains("validation: in time order of &#39;day&#39;, 5 expanding-window splits", File.ReadAllText(Path.Combine(dir, "report.html")));
        Assert.All(AutoMLModel.Load(Path.Combine(dir, "model.zip")).Members, m => Assert.True(m.RefitOnAllRows));

        (code, err) = await Run("automl", "--train", train, "--label", "y", "--time-order", "day", "--group", "x", "--trials", "1", "--out", TestData.TempDir());
        Assert.Equal(2, code);
        Assert.Contains("cannot both be set", err);
    }

    [Fact]
    public async Task Cli_ImageClassFolders_AutomlEvaluatePredict()
    {
        // The shipped digits as folders of class sub-folders (ML.NET Model Builder's layout): no --label needed.
        var dir = TestData.TempDir();
        string train = TestData.Shipped("digits_images", "train"), test = TestData.Shipped("digits_images", "test");
        var (code, err) = await Run("automl", "--train", train, "--test", test, "--trials", "2", "--trainers", "lbfgs", "--jobs", "2", "--seed", "1", "--out", dir);
        Assert.True(code == 0, err);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json"))))
        {
            Assert.Equal("multiclass", json.RootElement.GetProperty("task").GetString());
            Assert.True(json.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble() > 0.85, json.RootElement.ToString());
        }
        (code, err) = await Run("evaluate", "--model", Path.Combine(dir, "model.zip"), "--test", test, "--json", Path.Combine(dir, "eval.json"));
        Assert.True(code == 0, err);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "metrics.json")), File.ReadAllText(Path.Combine(dir, "eval.json")));

        // Loose images to predict: one row per image, named.
        var loose = Path.Combine(dir, "loose");
        Directory.CreateDirectory(loose);
        var sevens = Directory.GetFiles(Path.Combine(test, "7")).Order(StringComparer.Ordinal).Take(3).ToList();
        foreach (var f in sevens) File.Copy(f, Path.Combine(loose, Path.GetFileName(f)));
        string preds = Path.Combine(dir, "preds.csv");
        (code, err) = await Run("predict", "--model", Path.Combine(dir, "model.zip"), "--input", loose, "--output", preds);
        Assert.True(code == 0, err);
        var lines = File.ReadAllLines(preds);
        Assert.StartsWith("row,file,predicted_Label,p_0,p_1,", lines[0]);
        Assert.Equal(sevens.Select(Path.GetFileName), lines.Skip(1).Select(l => l.Split(',')[1]));
        Assert.True(lines.Skip(1).Count(l => l.Split(',')[2] == "7") >= 2, string.Join(" | ", lines));

        (code, err) = await Run("automl", "--train", Path.Combine(dir, "nothing-here"), "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("nothing-here", err);
        (code, err) = await Run("automl", "--train", TestData.Shipped("iris", "train.csv"), "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--label is required", err);
    }

    [Fact]
    public async Task Cli_BadInput_ClearErrorsAndExitCode2()
    {
        var dir = TestData.TempDir();
        string train = TestData.Shipped("iris", "train.csv");
        var (code, err) = await Run("automl", "--train", train, "--label", "nope", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("label column 'nope' not found", err);
        Assert.Contains("species", err);

        (code, err) = await Run("automl", "--train", Path.Combine(dir, "missing.csv"), "--label", "species", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("missing.csv", err);

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--time", "-3", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--time", err);

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--memory-limit", "10", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--memory-limit", err);
        // A limit below what any .NET process holds: every trial is cancelled (fine_foods' text trials take seconds, the
        // watchdog looks every 0.2 s), the search stops, and the error says to raise the limit.
        (code, err) = await Run("automl", "--train", TestData.Shipped("fine_foods", "train.csv"), "--label", "label", "--memory-limit", "64", "--time", "30", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("memory limit", err);

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--holdout", "1.5", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--holdout", err);

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--tree-threads", "0", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--tree-threads", err);

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--deep", "maybe", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--deep", err);

        (code, err) = await Run("automl", "--train", train, "--label", "species", "--metric", "rmse", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("--metric", err);

        var ragged = Path.Combine(dir, "ragged.csv");
        File.WriteAllText(ragged, "a,b,label\n1,2,x\n3,y\n");
        (code, err) = await Run("automl", "--train", ragged, "--label", "label", "--trials", "1", "--out", dir);
        Assert.Equal(2, code);
        Assert.Contains("line 3", err);

        // predict with input lacking a feature column names it
        (code, err) = await Run("automl", "--train", train, "--label", "species", "--trials", "1", "--out", dir);
        Assert.Equal(0, code);
        var partial = Path.Combine(dir, "partial.csv");
        File.WriteAllLines(partial, File.ReadAllLines(train).Select(l => string.Join(',', l.Split(',').Skip(1))));
        (code, err) = await Run("predict", "--model", Path.Combine(dir, "model.zip"), "--input", partial, "--output", Path.Combine(dir, "p.csv"));
        Assert.Equal(2, code);
        Assert.Contains("sepal_length_cm", err);

        (code, err) = await Run("evaluate", "--model", Path.Combine(dir, "nomodel.zip"), "--test", train);
        Assert.Equal(2, code);
        Assert.Contains("nomodel.zip", err);
    }

    [Fact]
    public async Task Cli_Automl_BadTestFile_FailsBeforeTheSearch()
    {
        var dir = TestData.TempDir();
        string train = TestData.Shipped("iris", "train.csv");
        var lines = File.ReadAllLines(TestData.Shipped("iris", "test.csv"));
        int label = Array.IndexOf(lines[0].Split(','), "species");
        // Data row 2 has an empty label; a test file's rows are all scored against their labels.
        var cells = lines[2].Split(',');
        cells[label] = "";
        lines[2] = string.Join(',', cells);
        var test = Path.Combine(dir, "unlabelled.csv");
        File.WriteAllLines(test, lines);
        var outDir = Path.Combine(dir, "run");
        var (code, err) = await Run("automl", "--train", train, "--test", test, "--label", "species", "--time", "600", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("unlabelled.csv, row 2: label column 'species' is empty", err);
        // It failed before the 600 s search: nothing was written.
        Assert.False(File.Exists(Path.Combine(outDir, "model.zip")));

        cells[label] = "Iris-unknown";
        lines[2] = string.Join(',', cells);
        File.WriteAllLines(test, lines);
        (code, err) = await Run("automl", "--train", train, "--test", test, "--label", "species", "--time", "600", "--out", outDir);
        Assert.Equal(2, code);
        Assert.Contains("class 'Iris-unknown' was not seen in training", err);
        Assert.False(File.Exists(Path.Combine(outDir, "model.zip")));
    }
}
