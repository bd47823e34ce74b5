using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// Ctrl+C / SIGTERM on the real <c>deeproad</c> process: the first signal stops the search and everything is still
/// written (model, leaderboard, report; a tune's trials), the exit code says it was stopped (143 for SIGTERM).
/// System.CommandLine's own handling used to end the process two seconds after the signal, before the report.
/// </summary>
public sealed partial class CliSignalTests
{
    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    private const int SigTerm = 15;

    /// <summary>Starts deeproad.dll (copied beside the tests by the project reference), sends SIGTERM when a stdout line matches, and waits.</summary>
    private static async Task<(int Code, string Output, double SecondsAfterSignal)> RunAndSignal(Regex when, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deeproad.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = new StringBuilder();
        var signalled = new TaskCompletionSource<Stopwatch>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (!signalled.Task.IsCompleted && when.IsMatch(line))
            {
                Assert.Equal(0, Kill(p.Id, SigTerm));
                signalled.TrySetResult(Stopwatch.StartNew());
            }
        }
        p.OutputDataReceived += (_, e) => OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => OnLine(e.Data);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); throw new TimeoutException("deeproad did not exit:\n" + output); }
        p.WaitForExit();
        Assert.True(signalled.Task.IsCompleted, "the process ended before the signal was sent:\n" + output);
        return (p.ExitCode, output.ToString(), signalled.Task.Result.Elapsed.TotalSeconds);
    }

    [Fact]
    public async Task Automl_Sigterm_StopsTheSearch_WritesModelLeaderboardAndReport_Exits143()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return; // kill(2) is how the signal is sent
        var dir = TestData.TempDir();
        string train = TestData.Shipped("breast_cancer", "train.csv"), test = TestData.Shipped("breast_cancer", "test.csv");
        // Redirected, the progress is plain timestamped lines, one as soon as a trial has finished with a best score, and
        // the signal goes then. Without it the search would run to 60 s; with it the search ends at once (checked below on
        // "Finished in ... (AutoML N s").
        var (code, output, after) = await RunAndSignal(TrialsDone(),
            "automl", "--train", train, "--test", test, "--label", "diagnosis", "--time", "60", "--jobs", "1", "--seed", "3", "--out", dir);

        Assert.True(code == 143, $"exit {code}\n{output}");
        Assert.Matches(ProgressLine(), output);
        Assert.Contains("SIGTERM: stopping", output);
        Assert.Contains("stopped by SIGTERM", output);
        Assert.True(after < 120, $"{after:0.0} s from the signal to the exit\n{output}");
        double searched = double.Parse(FinishedIn().Match(output).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(searched < 45, $"the search took {searched} s of its 60: the signal did not stop it\n{output}");
        foreach (var f in new[] { "model.zip", "leaderboard.csv", "report.html", "metrics.json" }) Assert.True(File.Exists(Path.Combine(dir, f)), f + "\n" + output);
        Assert.Contains("</html>", File.ReadAllText(Path.Combine(dir, "report.html")));
        var model = AutoMLModel.Load(Path.Combine(dir, "model.zip"));
        Assert.True(model.Evaluate(test)["auc"] > 0.9);
        // Nothing half-written is left beside the outputs.
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public async Task Tune_Sigterm_WritesTheFinishedTrials_Exits143()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var dir = TestData.TempDir();
        var (code, output, _) = await RunAndSignal(new Regex(@"\bbest \S+ \d"),
            "tune", "--train", TestData.Shipped("breast_cancer", "train.csv"), "--label", "diagnosis", "--trainer", "lightgbm",
            "--trials", "100000", "--folds", "3", "--jobs", "1", "--seed", "1", "--out", dir);

        Assert.True(code == 143, $"exit {code}\n{output}");
        var trials = File.ReadAllLines(Path.Combine(dir, "trials.csv"));
        Assert.True(trials.Length >= 2, output); // the header and at least the trial that finished before the signal
        Assert.True(File.Exists(Path.Combine(dir, "best.json")), output);
        Assert.Contains("stop: Cancelled", output);
    }

    [GeneratedRegex(@"(?m)^\[ *\d+\.\d s\] +\d+ %  search: [1-9]\d* trials, best 0\.\d+ \(\w+\)$")]
    private static partial Regex ProgressLine();

    [GeneratedRegex(@"\b[1-9]\d* trials, best")]
    private static partial Regex TrialsDone();

    [GeneratedRegex(@"Finished in \d+(?:\.\d+)? s \(AutoML (\d+(?:\.\d+)?) s")]
    private static partial Regex FinishedIn();
}
