using System.Text.Json;

namespace DeepRoad.Tests.Cli;

/// <summary><c>deeproad tune</c> on shared data: a GP study with SQLite storage that resumes, and user errors with exit code 2.</summary>
[Collection("Console")]
public sealed class TuneCommandTests
{
    private static string SharedData(string name, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        string root = dir!.FullName;
        string shared = Path.Combine(root, "..", "shared", "data", name, file);
        return File.Exists(shared) ? shared : Path.Combine(root, "data", name, file);
    }

    [Fact]
    public async Task Tune_GpOnBreastCancer_WritesTrialsAndBest_AndResumesFromSqlite()
    {
        var outDir = Path.Combine(Path.GetTempPath(), $"deeproad-tune-cli-{Guid.NewGuid():N}");
        string db = Path.Combine(outDir, "study.db");
        Directory.CreateDirectory(outDir);
        try
        {
            string[] Args(int trials) =>
            [
                "tune", "--train", SharedData("breast_cancer", "train.csv"), "--label", "diagnosis", "--trainer", "lightgbm", "--sampler", "gp",
                "--trials", trials.ToString(System.Globalization.CultureInfo.InvariantCulture), "--folds", "3", "--seed", "1", "--max-iterations", "40",
                "--storage", "sqlite:" + db, "--study", "bc", "--out", outDir,
            ];
            var (code, output, err) = await CliRunner.RunAsync(Args(3));
            Assert.True(code == 0, $"exit {code}: {err}\n{output}");
            Assert.Contains("best trial", output);
            var first = File.ReadAllLines(Path.Combine(outDir, "trials.csv"));
            Assert.Equal(1 + 3, first.Length);
            using (var best = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "best.json"))))
                Assert.True(best.RootElement.EnumerateObject().Any(), "best.json holds the best parameters");

            // Same storage and study, a larger trial budget: the 3 finished trials are kept, 2 more are run.
            (code, output, err) = await CliRunner.RunAsync(Args(5));
            Assert.True(code == 0, $"exit {code}: {err}\n{output}");
            var second = File.ReadAllLines(Path.Combine(outDir, "trials.csv"));
            Assert.Equal(1 + 5, second.Length);
            Assert.Equal(first, second.Take(first.Length));
        }
        finally
        {
            if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public async Task Tune_UnknownLabelOrBadFolds_ExitCode2NamingTheProblem()
    {
        var (code, _, err) = await CliRunner.RunAsync("tune", "--train", SharedData("breast_cancer", "train.csv"), "--label", "no_such_column", "--trials", "2");
        Assert.Equal(2, code);
        Assert.Contains("no_such_column", err);

        (code, _, err) = await CliRunner.RunAsync("tune", "--train", SharedData("breast_cancer", "train.csv"), "--label", "diagnosis", "--folds", "1", "--trials", "2");
        Assert.Equal(2, code);
        Assert.Contains("fold", err, StringComparison.OrdinalIgnoreCase);
    }
}
