using DeepRoad.Cli;

namespace DeepRoad.Tests.Cli;

[Collection("Console")]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeproad-train-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static string Data(string relative) => Images.ImageDatasetTests.Data(relative);

    [Fact]
    public async Task Train_MlpOnIris_WritesModelMetricsAndCurve()
    {
        var (code, _, err) = await CliRunner.RunAsync("train", "--train", Data("iris/train.csv"), "--test", Data("iris/test.csv"), "--label", "species",
            "--model", "mlp", "--epochs", "15", "--lr", "0.01", "--schedule", "cosine", "--seed", "3", "--threads", "1", "--device", "cpu", "--out", _out);
        Assert.True(code == 0, err);
        // The epoch bar: redrawn with carriage returns on a terminal; one line per epoch when stderr is redirected (a log).
        var epochLines = err.Split('\n').Where(l => l.Contains(" epoch ")).ToList();
        if (Console.IsErrorRedirected)
        {
            Assert.DoesNotContain('\r', err);
            Assert.Equal(Enumerable.Range(1, 15).Select(e => $" epoch {e}/15 "), epochLines.Select(l => l[l.IndexOf(" epoch ")..(l.IndexOf("/15 ") + 4)]));
        }
        else Assert.Contains("\r[", err);
        foreach (var f in new[] { "model.zip", "metrics.json", "loss.csv", "loss.svg" }) Assert.True(File.Exists(Path.Combine(_out, f)), f);
        Assert.Equal(16, File.ReadAllLines(Path.Combine(_out, "loss.csv")).Length); // header + 15 epochs
        Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(_out, "loss.svg")));
        var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")));
        Assert.True(metrics.RootElement.GetProperty("accuracy").GetDouble() >= 0.85);
    }

    [Fact]
    public async Task Train_Mlp_SavedModelScoresRawCsvThroughPredictAndEvaluate()
    {
        int code = await CliApp.RunAsync(["train", "--train", Data("iris/train.csv"), "--test", Data("iris/test.csv"), "--label", "species",
            "--model", "mlp", "--epochs", "15", "--lr", "0.01", "--seed", "3", "--threads", "1", "--device", "cpu", "--out", _out]);
        Assert.Equal(0, code);
        string model = Path.Combine(_out, "model.zip");

        // Raw rows without the label column: the file holds the featurizer, so predict needs nothing else.
        var lines = File.ReadAllLines(Data("iris/test.csv"));
        int labelIndex = Array.IndexOf(lines[0].Split(','), "species");
        var truth = lines.Skip(1).Select(l => l.Split(',')[labelIndex]).ToArray();
        string unlabeled = Path.Combine(_out, "unlabeled.csv");
        File.WriteAllLines(unlabeled, lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != labelIndex))));
        string predictions = Path.Combine(_out, "predictions.csv");
        Assert.Equal(0, await CliApp.RunAsync(["predict", "--model", model, "--input", unlabeled, "--output", predictions]));
        var rows = File.ReadAllLines(predictions);
        Assert.Equal("row,predicted_species,p_setosa,p_versicolor,p_virginica", rows[0]);
        Assert.Equal(truth.Length + 1, rows.Length);
        var predicted = rows.Skip(1).Select(r => r.Split(',')[1]).ToArray();
        double accuracy = predicted.Zip(truth).Count(p => p.First == p.Second) / (double)truth.Length;
        Assert.True(accuracy >= 0.85, $"accuracy {accuracy}"); // a model without its featurizer would be near 1/3

        // evaluate reads the same file and agrees with what train reported (train's metrics also come from the saved file).
        string json = Path.Combine(_out, "eval.json");
        Assert.Equal(0, await CliApp.RunAsync(["evaluate", "--model", model, "--test", Data("iris/test.csv"), "--json", json]));
        double evaluated = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("accuracy").GetDouble();
        double trained = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json"))).RootElement.GetProperty("accuracy").GetDouble();
        Assert.Equal(trained, evaluated, 12);
        Assert.Equal(accuracy, evaluated, 6);
    }

    [Fact]
    public async Task Train_Lstm_SavedModelHoldsTheTokenizer()
    {
        string train = Loading.DataPaths.Shared("wiki_detox_250/train.csv"), test = Loading.DataPaths.Shared("wiki_detox_250/test.csv");
        int code = await CliApp.RunAsync(["train", "--train", train, "--test", test, "--label", "label",
            "--model", "lstm", "--epochs", "2", "--seed", "3", "--threads", "1", "--device", "cpu", "--out", _out]);
        Assert.Equal(0, code);
        string predictions = Path.Combine(_out, "predictions.csv");
        Assert.Equal(0, await CliApp.RunAsync(["predict", "--model", Path.Combine(_out, "model.zip"), "--input", test, "--output", predictions]));
        var rows = File.ReadAllLines(predictions);
        Assert.Equal(File.ReadAllLines(test).Length, rows.Length);
        Assert.All(rows.Skip(1), r =>
        {
            var f = r.Split(',');
            Assert.Equal(1.0, double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture) + double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), 5);
        });
    }

    [Theory]
    [InlineData("--optimizer", "adamx", "Unknown optimizer 'adamx'")]
    [InlineData("--schedule", "zigzag", "Unknown schedule 'zigzag'")]
    [InlineData("--model", "transformer", "Unknown model 'transformer'")]
    [InlineData("--device", "cuda:0", "CUDA is not available")]
    public async Task Train_BadOption_ExitCode2WithMessage(string option, string value, string expected)
    {
        var err = new StringWriter();
        var old = Console.Error;
        Console.SetError(err);
        try
        {
            int code = await CliApp.RunAsync(["train", "--train", Data("iris/train.csv"), "--label", "species", "--epochs", "1", option, value, "--out", _out]);
            Assert.Equal(2, code);
        }
        finally
        {
            Console.SetError(old);
        }
        Assert.Contains(expected, err.ToString());
    }
}
