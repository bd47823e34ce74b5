using System.Diagnostics;
using System.Text.RegularExpressions;
using DeepRoad.AutoML.Reporting;
using DeepRoad.Pipelines;
using Microsoft.ML;
using SkiaSharp;

namespace DeepRoad.AutoML.Tests;

/// <summary>The HTML report is self-contained and its SVG charts render in headless Chromium with no network.</summary>
public sealed class ReportTests
{
    private static async Task<AutoMLResult> Fit(string set, string label, int trials) =>
        await new MLContext(9).DeepRoad().AutoML(new AutoMLOptions { LabelColumn = label, TimeBudget = null, MaxTrials = trials, Workers = 2, Seed = 9 })
            .FitAsync(TestData.Shipped(set, "train.csv"));

    [Fact]
    public async Task Report_Regression_HasResidualsAndNoExternalResources()
    {
        var result = await Fit("diabetes", "progression", 3);
        var html = HtmlReport.Render(result, new ReportOptions { ImportanceRepeats = 1 });
        Assert.Contains("Residuals", html);
        Assert.DoesNotContain("ROC curve", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", ""));
        Assert.DoesNotContain("https://", html);
        Assert.True(Regex.Matches(html, "<svg").Count >= 5);
    }

    [Fact]
    public async Task Report_VeryWideTable_SaysImportanceWasNotComputedInsteadOfScoringForMinutes()
    {
        // 400 numeric columns: every shuffle of every column through every fold model would be hundreds of thousands
        // of row-columns per row; the report states why the chart is missing rather than spending minutes on it.
        var rng = new Random(4);
        var lines = new List<string> { string.Join(",", Enumerable.Range(0, 400).Select(j => $"x{j}")) + ",y" };
        for (int r = 0; r < 60; r++)
        {
            var x = Enumerable.Range(0, 400).Select(_ => rng.NextDouble()).ToArray();
            lines.Add(string.Join(",", x.Select(v => v.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture))) + "," + (x[0] > 0.5 ? "a" : "b"));
        }
        string path = Path.Combine(TestData.TempDir(), "wide400.csv");
        File.WriteAllLines(path, lines);
        var result = await new MLContext(9).DeepRoad().AutoML(new AutoMLOptions
            { LabelColumn = "y", TimeBudget = null, MaxTrials = 1, Workers = 1, Seed = 9, Trainers = [AutoMLTrainer.LbfgsLinear] }).FitAsync(path);
        var html = HtmlReport.Render(result, new ReportOptions());
        Assert.Contains("Not computed for the report: with 400 input columns", html);

        // A narrow table still gets the chart.
        var narrow = HtmlReport.Render(await Fit("diabetes", "progression", 1), new ReportOptions { ImportanceRepeats = 1 });
        Assert.Contains("Drop of", narrow);
        Assert.DoesNotContain("Not computed", narrow);
    }

    [Fact]
    public async Task Report_Importance_IsHeldToItsTimeBudget()
    {
        // What a row costs to score is measured, not estimated: with no time for it, the report says so instead of
        // scoring; with time enough, the shuffles use every sampled row, and the same seed gives the same numbers.
        var result = await Fit("diabetes", "progression", 1);
        var none = HtmlReport.Render(result, new ReportOptions { ImportanceRepeats = 1, ImportanceTimeBudget = TimeSpan.FromTicks(1) });
        Assert.Contains("Not computed for the report", none);
        Assert.Contains("within the report's budget (0 s; at the pace measured on the unshuffled rows", none);

        var cut = result.PermutationFeatureImportance(null, 1, 300, 9, TimeSpan.FromTicks(1));
        Assert.Null(cut.Columns);
        Assert.True(cut.Cut);
        // A sample of at most 100 rows (iris's 30-row test file) is scored whole, however slow the first pass was.
        var small = result.PermutationFeatureImportance(null, 1, 80, 9, TimeSpan.FromTicks(1));
        Assert.False(small.Cut);
        Assert.Equal(80, small.Rows);
        Assert.NotNull(small.Columns);
        var full = result.PermutationFeatureImportance(null, 1, 300, 9, TimeSpan.FromHours(1));
        Assert.False(full.Cut);
        Assert.Equal(300, full.Rows);
        Assert.Equal(full.Columns!.Select(c => (c.Column, c.Importance)), result.PermutationFeatureImportance(null, 1, 300, 9).Select(c => (c.Column, c.Importance)));
        Assert.Equal(TimeSpan.FromSeconds(3), HtmlReport.DefaultImportanceTime(TimeSpan.FromSeconds(30)));
        Assert.Equal(TimeSpan.FromSeconds(10), HtmlReport.DefaultImportanceTime(TimeSpan.FromSeconds(300)));
        Assert.Equal(TimeSpan.FromSeconds(2), HtmlReport.DefaultImportanceTime(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Report_SaysHowManyRowsWithoutALabelWereDropped()
    {
        string path = Path.Combine(TestData.TempDir(), "unlabelled.csv");
        var lines = File.ReadAllLines(TestData.Shipped("iris", "train.csv")).ToList();
        lines[3] = string.Join(",", lines[3].Split(',')[..^1]) + ",";
        lines[7] = string.Join(",", lines[7].Split(',')[..^1]) + ",";
        File.WriteAllLines(path, lines);
        var result = await new MLContext(9).DeepRoad().AutoML(new AutoMLOptions
            { LabelColumn = "species", TimeBudget = null, MaxTrials = 1, Workers = 1, Seed = 9, Trainers = [AutoMLTrainer.LbfgsLinear] }).FitAsync(path);
        Assert.Equal(lines.Count - 3, result.Schema.RowCount);
        var html = HtmlReport.Render(result, new ReportOptions { ImportanceRepeats = 1 });
        Assert.Contains("2 row(s) without a label were dropped (first at", html);
    }

    [ChromiumFact]
    public async Task Report_RendersInHeadlessChromium_WithChartsDrawn()
    {
        var dir = TestData.TempDir();
        var result = await Fit("iris", "species", 4);
        string path = Path.Combine(dir, "report.html");
        HtmlReport.Write(result, path, new ReportOptions { TrainPath = "iris/train.csv", TestPath = TestData.Shipped("iris", "test.csv"), ImportanceRepeats = 1 });
        var html = await File.ReadAllTextAsync(path);
        foreach (var section in new[] { "Dataset", "Leaderboard", "Optimisation history", "Hyperparameters", "Final model", "Confusion matrix", "ROC curve", "Permutation feature importance" })
            Assert.Contains(section, html);

        // The browser's DOM holds the inline SVG charts with drawn shapes.
        var dom = Chromium(dir, "--dump-dom", "file://" + path);
        int svgs = Regex.Matches(dom, "<svg[ >]").Count;
        Assert.True(svgs >= 7, $"{svgs} svg elements in the rendered DOM");
        Assert.True(Regex.Matches(dom, "<(path|polyline|polygon|rect)[ >]").Count > 50, "charts have few drawn shapes");

        // A screenshot is not blank: many non-white pixels, and the charts' blue appears.
        string png = Path.Combine(dir, "report.png");
        Chromium(dir, $"--screenshot={png}", "--window-size=1200,2400", "file://" + path);
        using var bmp = SKBitmap.Decode(png);
        Assert.NotNull(bmp);
        int nonWhite = 0, blue = 0, total = 0;
        for (int y = 0; y < bmp.Height; y += 2)
            for (int x = 0; x < bmp.Width; x += 2)
            {
                var c = bmp.GetPixel(x, y);
                total++;
                if (c.Red < 235 || c.Green < 235 || c.Blue < 235) nonWhite++;
                if (c.Blue > 120 && c.Red < 110 && c.Blue > c.Red + 40) blue++;
            }
        Assert.True(nonWhite > total / 50, $"screenshot nearly blank: {nonWhite} of {total} sampled pixels are not white");
        Assert.True(blue > 200, $"only {blue} blue chart pixels in the screenshot");
    }

    private static string Chromium(string workDir, params string[] args)
    {
        var profile = Path.Combine(workDir, "chromium-profile-" + Guid.NewGuid().ToString("N")[..6]);
        var psi = new ProcessStartInfo(ChromiumFactAttribute.Path)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workDir,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 120 s"); }
        Assert.True(p.ExitCode == 0, $"chromium exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
