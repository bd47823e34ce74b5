using System.Text.Json;
using DeepRoad.Cli;
using DeepRoad.Ensembles;
using Microsoft.ML;

namespace DeepRoad.Tests.Cli;

/// <summary><c>deeproad ensemble</c>: runs end to end on shipped data and reports user errors with exit code 2.</summary>
[Collection("Console")]
public sealed class EnsembleCommandTests
{
    private static string Data(string name, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", name, file);
    }

    [Fact]
    public async Task Ensemble_VotingOnIris_WritesModelAndMetrics()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"deeproad-ensemble-cli-{Guid.NewGuid():N}");
        try
        {
            int code = await CliApp.RunAsync(
            [
                "ensemble", "--train", Data("iris", "train.csv"), "--test", Data("iris", "test.csv"), "--label", "species",
                "--kind", "voting", "--members", "lightgbm,lbfgs", "--seed", "3", "--parallel", "1", "--out", outDir,
            ]);
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "metrics.json")));
            Assert.Equal("voting", json.RootElement.GetProperty("kind").GetString());
            Assert.True(json.RootElement.GetProperty("ensemble").GetProperty("accuracy").GetDouble() >= 0.9);
            Assert.Equal(2, json.RootElement.GetProperty("members").GetArrayLength());
            var model = EnsembleModel.Load(new MLContext(), Path.Combine(outDir, "ensemble.zip"));
            Assert.Equal(EnsembleKind.Voting, model.Kind);
            // model.zip holds featurizer + ensemble: evaluate reads it from the raw test file and agrees with the command.
            var metricsJson = Path.Combine(outDir, "evaluated.json");
            Assert.Equal(0, await CliApp.RunAsync(["evaluate", "--model", Path.Combine(outDir, "model.zip"), "--test", Data("iris", "test.csv"), "--json", metricsJson]));
            double evaluated = JsonDocument.Parse(File.ReadAllText(metricsJson)).RootElement.GetProperty("accuracy").GetDouble();
            Assert.Equal(json.RootElement.GetProperty("ensemble").GetProperty("accuracy").GetDouble(), evaluated, 6);
            var predictions = Path.Combine(outDir, "predictions.csv");
            Assert.Equal(0, await CliApp.RunAsync(["predict", "--model", Path.Combine(outDir, "model.zip"), "--input", Data("iris", "test.csv"), "--output", predictions]));
            Assert.Equal(File.ReadAllLines(Data("iris", "test.csv")).Length, File.ReadAllLines(predictions).Length);
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task Ensemble_UnknownMemberOrTwoMembersForBagging_ExitCode2WithMessage()
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, await CliApp.RunAsync(
                ["ensemble", "--train", Data("iris", "train.csv"), "--label", "species", "--kind", "stacking", "--members", "lightgbm,xgboost"]));
            Assert.Equal(2, await CliApp.RunAsync(
                ["ensemble", "--train", Data("iris", "train.csv"), "--label", "species", "--kind", "bagging", "--members", "lightgbm,sdca"]));
        }
        finally
        {
            Console.SetError(saved);
        }
        var text = error.ToString();
        Assert.Contains("--members: unknown member 'xgboost'", text);
        Assert.Contains("--members: bagging takes exactly one member", text);
    }
}
