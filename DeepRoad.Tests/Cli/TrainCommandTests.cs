using DeepRoad.Cli;

namespace DeepRoad.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("deeproad-train-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private static string Data(string relative) => Images.ImageDatasetTests.Data(relative);

    [Fact]
    public async Task Train_MlpOnIris_WritesModelMetricsAndCurve()
    {
        int code = await CliApp.RunAsync(["train", "--train", Data("iris/train.csv"), "--test", Data("iris/test.csv"), "--label", "species",
            "--model", "mlp", "--epochs", "15", "--lr", "0.01", "--schedule", "cosine", "--seed", "3", "--threads", "1", "--device", "cpu", "--out", _out]);
        Assert.Equal(0, code);
        foreach (var f in new[] { "model.deeproad", "metrics.json", "loss.csv", "loss.svg" }) Assert.True(File.Exists(Path.Combine(_out, f)), f);
        Assert.Equal(16, File.ReadAllLines(Path.Combine(_out, "loss.csv")).Length); // header + 15 epochs
        Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(_out, "loss.svg")));
        var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "metrics.json")));
        Assert.True(metrics.RootElement.GetProperty("accuracy").GetDouble() >= 0.85);
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
