using System.Diagnostics;
using System.Text.Json;
using DeepRoad.AutoML;
using DeepRoad.Interactive;
using DeepRoad.Pipelines.Metrics;
using Microsoft.DotNet.Interactive.Formatting;

namespace DeepRoad.Tests.Interactive;

public class NotebookDisplayTests
{
    private const string ChromiumPath = ChromiumFactAttribute.Path;

    private static Leaderboard SampleLeaderboard() => new(
    [
        new TrialRecord { Number = 0, Trainer = AutoMLTrainer.SdcaLinear, Pipeline = "one-hot", Parameters = new Dictionary<string, double> { ["l2"] = 0.1 }, State = AutoML.TrialState.Complete, Score = 0.80, FitTime = TimeSpan.FromSeconds(1), StartedAt = TimeSpan.Zero },
        new TrialRecord { Number = 1, Trainer = AutoMLTrainer.LightGbm, Pipeline = "one-hot", Parameters = new Dictionary<string, double> { ["leaves"] = 31 }, State = AutoML.TrialState.Failed, Error = "boom <script>", FitTime = TimeSpan.FromSeconds(2), StartedAt = TimeSpan.FromSeconds(1) },
        new TrialRecord { Number = 2, Trainer = AutoMLTrainer.FastTree, Pipeline = "one-hot", Parameters = new Dictionary<string, double> { ["trees"] = 50 }, State = AutoML.TrialState.Complete, Score = 0.90, FitTime = TimeSpan.FromSeconds(3), StartedAt = TimeSpan.FromSeconds(3) },
        new TrialRecord { Number = 3, Trainer = AutoMLTrainer.LbfgsLinear, Pipeline = "one-hot", Parameters = new Dictionary<string, double> { ["l1"] = 1 }, State = AutoML.TrialState.Complete, Score = 0.85, FitTime = TimeSpan.FromSeconds(1), StartedAt = TimeSpan.FromSeconds(6) },
    ], MetricKind.RocAuc, higherIsBetter: true);

    [Fact]
    public void Lines_BothRenderingsCarryTheSameData()
    {
        var chart = Charts.Lines("Loss", "epoch", "loss", ("train", [(1, 0.9), (2, 0.5), (3, 0.25)]), ("valid", [(1, 1.0), (2, 0.7), (3, 0.6)]));
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var data = figure.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("train", data[0].GetProperty("name").GetString());
        Assert.Equal([0.9, 0.5, 0.25], data[0].GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal("valid", data[1].GetProperty("name").GetString());
        Assert.Equal("Loss", figure.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.StartsWith("<?xml", chart.Svg.TrimStart());
        Assert.Contains("<svg", chart.Svg);
        Assert.Contains("valid", chart.Svg);
    }

    [Fact]
    public void FigureJson_AgreesWithPlotlyNet_OnEveryTrace()
    {
        // The notebook display writes the plotly.js figure itself (Plotly.NET cannot load in dotnet-repl's kernel);
        // Plotly.NET's own figure of the same chart must carry the same traces.
        NotebookChart[] charts =
        [
            Charts.Lines("L", "x", "y", ("a", [(1, 2), (2, 3)]), ("b", [(1, 1), (2, 5)])),
            Charts.Bars("B", "v", [("p", 1), ("q", 3)]),
            Charts.Scatter("S", "x", "y", [1.0, 2.0], [3.0, 4.0], ReferenceLine.Identity),
            Charts.Roc("R", ("m", [true, false, true], [0.9, 0.1, 0.4])),
        ];
        foreach (var chart in charts)
        {
            using var ours = JsonDocument.Parse(chart.FigureJson);
            using var theirs = JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(chart.ToPlotlyNet()));
            var a = ours.RootElement.GetProperty("data");
            var b = theirs.RootElement.GetProperty("data");
            Assert.Equal(b.GetArrayLength(), a.GetArrayLength());
            for (int i = 0; i < a.GetArrayLength(); i++)
                foreach (var key in new[] { "type", "x", "y", "orientation", "mode" })
                    if (b[i].TryGetProperty(key, out var expected))
                        Assert.Equal(Normalize(expected), Normalize(a[i].GetProperty(key)));
            Assert.Equal(chart.Title, theirs.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
            Assert.Equal(chart.Title, ours.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        }

        static string Normalize(JsonElement e) => e.ValueKind == JsonValueKind.Array
            ? string.Join(",", e.EnumerateArray().Select(Normalize))
            : e.ValueKind == JsonValueKind.Number ? e.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture) : e.ToString();
    }

    [Fact]
    public void Bars_LargestDrawnAtTheTop_InBothRenderings()
    {
        var chart = Charts.Bars("Importance", "drop", [("a", 0.1), ("b", 0.5), ("c", 0.3)]);
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var bar = figure.RootElement.GetProperty("data")[0];
        Assert.Equal("h", bar.GetProperty("orientation").GetString());
        Assert.Equal(["a", "c", "b"], bar.GetProperty("y").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal([0.1, 0.3, 0.5], bar.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void OptimisationHistory_IsTheRunningBestOfCompletedTrials()
    {
        var chart = Charts.OptimisationHistory(SampleLeaderboard());
        using var figure = JsonDocument.Parse(chart.FigureJson);
        var byTrial = figure.RootElement.GetProperty("data")[0];
        Assert.Equal([0.0, 2.0, 3.0], byTrial.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([0.80, 0.90, 0.90], byTrial.GetProperty("y").EnumerateArray().Select(v => v.GetDouble()));
        var byTime = figure.RootElement.GetProperty("data")[1];
        Assert.Equal([1.0, 6.0, 7.0], byTime.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void Leaderboard_RanksCompletedTrialsFirst_BoldsTheBest_EncodesErrors()
    {
        string html = DeepRoadFormatters.Leaderboard(SampleLeaderboard());
        int fastTree = html.IndexOf("FastTree", StringComparison.Ordinal), lbfgs = html.IndexOf("Lbfgs", StringComparison.Ordinal);
        int sdca = html.IndexOf("Sdca", StringComparison.Ordinal), lightGbm = html.IndexOf("LightGbm", StringComparison.Ordinal);
        Assert.True(fastTree > 0 && fastTree < lbfgs && lbfgs < sdca && sdca < lightGbm, html);
        Assert.Contains("<b>", html);
        Assert.Contains("boom &lt;script&gt;", html);
        Assert.DoesNotContain("boom <script>", html);
        Assert.Contains("4 trials, 3 completed", html);
    }

    [Fact]
    public void Register_ChartsDisplayAsHtmlWithThePlotlyFigureAndTheSvgFallback()
    {
        DeepRoadFormatters.Register();
        var chart = Charts.Scatter("Residuals", "predicted", "residual", [1.0, 2.0, 3.0], [0.5, -0.25, 0.0], ReferenceLine.Zero);
        string html = chart.ToDisplayString("text/html");
        Assert.Contains("<svg", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Contains($"plotly-{NotebookChart.PlotlyJsVersion}.min", html);
        Assert.Contains("\"y = 0\"", html);
        Assert.Contains("FastTree", SampleLeaderboard().ToDisplayString("text/html"));
    }

    [Fact]
    public void Save_WritesSvgOrHtml_AndNamesABadPath()
    {
        var chart = Charts.Roc("ROC", ("model", [true, false, true, false], [0.9, 0.2, 0.6, 0.7]));
        string dir = Directory.CreateTempSubdirectory("deeproad-chart-").FullName;
        chart.Save(Path.Combine(dir, "roc.svg"));
        chart.Save(Path.Combine(dir, "roc.html"));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "roc.svg")));
        Assert.Contains("Plotly.newPlot", File.ReadAllText(Path.Combine(dir, "roc.html")));
        var ex = Assert.Throws<ArgumentException>(() => chart.Save(Path.Combine(dir, "roc.png")));
        Assert.Contains("roc.png", ex.Message);
        Directory.Delete(dir, true);
    }

    [ChromiumFact]
    public void Html_InABrowser_KeepsTheSvgOfflineAndDrawsWithPlotlyWhenPresent()
    {
        var chart = Charts.Lines("History", "trial", "AUC", ("best", [(1, 0.7), (2, 0.8)]));
        string dir = Directory.CreateTempSubdirectory("deeproad-chart-").FullName;
        try
        {
            // No network here: plotly.js cannot load, so the static SVG must stay in the page.
            string offline = Path.Combine(dir, "offline.html");
            chart.Save(offline);
            string dom = Chromium(dir, "--virtual-time-budget=5000", "--dump-dom", "file://" + offline);
            Assert.Contains("<svg", dom);

            // With a Plotly object on the page, the script clears the fallback and hands Plotly the figure.
            string live = Path.Combine(dir, "live.html");
            File.WriteAllText(live, "<!DOCTYPE html><html><head><script>window.Plotly = { newPlot: function (el, data, layout) { el.setAttribute('data-drawn', data.length + ':' + layout.title.text); } };</script></head><body>"
                + chart.ToHtml() + "</body></html>");
            dom = Chromium(dir, "--virtual-time-budget=5000", "--dump-dom", "file://" + live);
            Assert.Contains("data-drawn=\"1:History\"", dom);
            Assert.DoesNotContain("<svg", dom);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static string Chromium(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo(ChromiumPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDir };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", $"--user-data-dir={Path.Combine(workDir, "profile")}" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 120 s"); }
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}

/// <summary>A fact skipped, with the reason, only when /usr/bin/chromium is absent (scripts/test.sh installs Debian's chromium).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"{Path} not found: install Debian's chromium (apt-get install -y chromium).";
    }
}
