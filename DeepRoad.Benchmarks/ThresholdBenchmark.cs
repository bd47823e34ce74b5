using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepRoad.AutoML;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks;

/// <summary>
/// AutoML's decision-threshold tuning on binary sets: one AutoML run per set with a threshold-dependent metric (F1 by
/// default), its final model scored on the test file at its tuned threshold and at 0.5 (the same model, so the
/// difference is the threshold alone), next to scikit-learn doing the same with out-of-fold probabilities of its
/// default model (<c>benchmarks/sklearn_threshold.py</c>) in the same run. <c>--data DIR</c> reads another folder in
/// the ../shared/data format, such as the one <c>benchmarks/synthetic_tables.py</c> writes.
/// </summary>
public static class ThresholdBenchmark
{
    private sealed record Row(string Set, int Rows, double PositiveShare, double Threshold, double OofHalf, double OofTuned, double TestHalf, double TestTuned,
        double Seconds, JsonElement? Peer);

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name) ?? fallback;
        string root = EnsembleBenchmarkRoot();
        string data = Arg("--data", Ensembles.EnsembleBenchmark.DataRoot());
        var metric = MetricNames.Parse(Arg("--metric", "f1"), "--metric");
        double time = double.Parse(Arg("--time", "60"), CultureInfo.InvariantCulture);
        int jobs = int.Parse(Arg("--jobs", "2"), CultureInfo.InvariantCulture);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "datasets.json")));
        var wanted = Arg("--sets", "attrition,adult,breast_cancer,sms_spam,fine_foods,wiki_detox_250").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var meta = doc.RootElement.GetProperty("datasets").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("label").GetString()!);
        var rows = new List<Row>();
        foreach (var set in wanted)
        {
            if (!meta.TryGetValue(set, out var label)) throw new ArgumentException($"--sets: {set} is not in {Path.Combine(data, "datasets.json")}.");
            Console.Error.WriteLine($"{set}: DeepRoad AutoML, {time} s, {MetricNames.ToName(metric)}");
            var o = new AutoMLOptions { LabelColumn = label, Metric = metric, CalibrateDecisionThreshold = true, TimeBudget = TimeSpan.FromSeconds(time), Workers = jobs, Seed = 0 };
            var sw = Stopwatch.StartNew();
            var r = await new MLContext(0).DeepRoad().AutoML(o).FitAsync(Path.Combine(data, set, "train.csv"));
            double seconds = sw.Elapsed.TotalSeconds;
            if (r.Model.Task != MLTask.BinaryClassification) throw new ArgumentException($"{set} is not a binary set.");
            string test = Path.Combine(data, set, "test.csv"), key = MetricNames.ToName(metric);
            double tuned = r.Model.Evaluate(test)[key], half = r.Model.WithDecisionThreshold(0.5).Evaluate(test)[key];
            var t = r.Threshold!;
            double share = r.Validation.Truth.Average();
            string positive = r.Model.ClassNames[1];
            Console.Error.WriteLine(FormattableString.Invariant($"   threshold {t.Threshold:0.###}: test {half:0.####} -> {tuned:0.####}; scikit-learn"));
            var peer = Peer(root, data, set, positive, key);
            rows.Add(new Row(set, r.Schema.RowCount, share, t.Threshold, t.ScoreAtDefault, t.Score, half, tuned, seconds, peer));
        }
        string report = Render(rows, metric, time, jobs, data, args);
        Console.WriteLine(report);
        if (BenchArgs.Get(args, "--out") is { } output) File.WriteAllText(output, report);
        return 0;
    }

    private static string EnsembleBenchmarkRoot() => Ensembles.EnsembleBenchmark.RepoRoot();

    private static JsonElement? Peer(string root, string data, string set, string positive, string metric)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(root, "benchmarks", "sklearn_threshold.py"), data, set, positive, metric }) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        try
        {
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) { Console.Error.WriteLine($"scikit-learn peer failed on {set}: {err.Result}"); return null; }
            return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"scikit-learn peer not run ({e.Message}): apt-get install -y python3-sklearn python3-pandas");
            return null;
        }
    }

    private static string Render(List<Row> rows, MetricKind metric, double time, int jobs, string data, string[] args)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        static string T(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        string m = MetricNames.ToName(metric);
        var sb = new StringBuilder();
        sb.AppendLine($"# Decision-threshold tuning ({m})");
        sb.AppendLine();
        sb.AppendLine($"DeepRoad AutoML ({time:0} s, {jobs} workers, seed 0, `--metric {m} --calibrate-threshold on`) tunes the threshold on its final model's out-of-fold");
        sb.AppendLine("probabilities; the test metric of that same model is shown at 0.5 and at the tuned threshold. scikit-learn does the same by hand");
        sb.AppendLine("(`benchmarks/sklearn_threshold.py`: 5-fold `cross_val_predict` of HistGradientBoosting, or TF-IDF + logistic regression for text; Debian's");
        sb.AppendLine("scikit-learn 1.2 has no TunedThresholdClassifierCV). The out-of-fold figures are on the rows the threshold was chosen on.");
        sb.AppendLine();
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end; data {data}.");
        sb.AppendLine($"Reproduce: `dotnet run -c Release --project DeepRoad.Benchmarks -- threshold {string.Join(' ', args.Skip(1))}`.");
        sb.AppendLine();
        sb.AppendLine($"| set | train rows | positive | DeepRoad threshold | out-of-fold at 0.5 / tuned | test at 0.5 | test tuned | change | scikit-learn threshold | sklearn test at 0.5 | sklearn test tuned | change |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string peer = r.Peer is { } p
                ? $"{T(p.GetProperty("threshold").GetDouble())} | {F(p.GetProperty("at_half").GetDouble())} | {F(p.GetProperty("tuned").GetDouble())} | {(p.GetProperty("tuned").GetDouble() - p.GetProperty("at_half").GetDouble()) * 100:+0.00;-0.00;0.00} pt"
                : "- | - | - | -";
            sb.AppendLine(FormattableString.Invariant(
                $"| {r.Set} | {r.Rows} | {r.PositiveShare:P1} | {T(r.Threshold)} | {F(r.OofHalf)} / {F(r.OofTuned)} | {F(r.TestHalf)} | {F(r.TestTuned)} | {(r.TestTuned - r.TestHalf) * 100:+0.00;-0.00;0.00} pt | {peer} |"));
        }
        return sb.ToString();
    }
}
