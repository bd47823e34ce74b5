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
    private sealed record Row(string Set, int Rows, double PositiveShare, double Best, double? Gain, double OofHalf, double OofBest, double TestHalf, double TestBest,
        double TestModel, bool Kept, double Seconds, JsonElement? Peer);

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => BenchArgs.Get(args, name) ?? fallback;
        string root = Ensembles.EnsembleBenchmark.RepoRoot();
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
            var t = r.Threshold!;
            double model = r.Model.Evaluate(test)[key], half = r.Model.WithDecisionThreshold(0.5).Evaluate(test)[key],
                best = r.Model.WithDecisionThreshold(t.BestThreshold).Evaluate(test)[key];
            double oofBest = Metric.Compute(metric, r.Validation.Truth, r.Validation.Ensemble, MLTask.BinaryClassification, t.BestThreshold);
            double share = r.Validation.Truth.Average();
            string positive = r.Model.ClassNames[1];
            Console.Error.WriteLine(FormattableString.Invariant($"   best threshold {t.BestThreshold:0.###} (kept: {t.Threshold != 0.5}, cross-validated gain {t.CrossValidatedGain:+0.0000;-0.0000}): test {half:0.####} at 0.5, {best:0.####} at it, model {model:0.####}; scikit-learn"));
            var peer = args.Contains("--no-peer") ? null : Peer(root, data, set, positive, key);
            if (BenchArgs.Get(args, "--dump") is { } dumpDir)
            {
                // The out-of-fold and test probabilities, to replay threshold rules offline (benchmarks/threshold_rules.py).
                Directory.CreateDirectory(dumpDir);
                var testView = DeepRoad.AutoML.Data.AutoMLData.FromFile(r.Model.Context, r.Schema, test, requireLabel: true, out var testTruth);
                var testP = r.Model.Score(testView);
                File.WriteAllText(Path.Combine(dumpDir, set + ".json"), JsonSerializer.Serialize(new
                {
                    set, metric = key, oof_truth = r.Validation.Truth, oof_p = r.Validation.Ensemble.Column(1), test_truth = testTruth, test_p = testP.Column(1),
                }));
            }
            rows.Add(new Row(set, r.Schema.RowCount, share, t.BestThreshold, t.CrossValidatedGain, t.ScoreAtDefault, oofBest, half, best, model, t.Threshold == t.BestThreshold, seconds, peer));
        }
        string report = Render(rows, metric, time, jobs, data, args);
        Console.WriteLine(report);
        if (BenchArgs.Get(args, "--out") is { } output) File.WriteAllText(output, report);
        return 0;
    }

    /// <summary>benchmarks/sklearn_threshold.py's one JSON row for a set, or null when the peer did not run.</summary>
    private static JsonElement? Peer(string root, string data, string set, string positive, string metric) =>
        Ensembles.SklearnPeer.RunScript(Path.Combine(root, "benchmarks", "sklearn_threshold.py"), set, [data, set, positive, metric])
            is { Count: > 0 } rows ? rows[^1] : null;

    private static string Render(List<Row> rows, MetricKind metric, double time, int jobs, string data, string[] args)
    {
        static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
        static string T(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        string m = MetricNames.ToName(metric);
        var sb = new StringBuilder();
        sb.AppendLine($"# Decision-threshold tuning ({m})");
        sb.AppendLine();
        sb.AppendLine($"DeepRoad AutoML ({time:0} s, {jobs} workers, seed 0, `--metric {m} --calibrate-threshold on`) finds the best threshold on its final model's out-of-fold");
        sb.AppendLine("probabilities and keeps it when thresholds tuned on four fifths of those rows beat 0.5 on the fifth (pooled, mean of 2 repeats;");
        sb.AppendLine("`DecisionThreshold.TuneCrossValidated`). The test metric of that same model is shown at 0.5, at the best threshold");
        sb.AppendLine("(had it always been kept) and as served. scikit-learn does the same by hand, always keeping its threshold");
        sb.AppendLine("(`benchmarks/sklearn_threshold.py`: 5-fold `cross_val_predict` of HistGradientBoosting, or TF-IDF + logistic regression for text; Debian's");
        sb.AppendLine("scikit-learn 1.2 has no TunedThresholdClassifierCV). The out-of-fold figures are on the rows the threshold was chosen on.");
        sb.AppendLine();
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end; data {data}.");
        sb.AppendLine($"Reproduce: `dotnet run -c Release --project DeepRoad.Benchmarks -- threshold {string.Join(' ', args.Skip(1))}`.");
        sb.AppendLine();
        sb.AppendLine($"| set | train rows | positive | best threshold | cross-validated gain | kept | out-of-fold at 0.5 / best | test at 0.5 | test at best | test as served | served - 0.5 | scikit-learn threshold | sklearn test at 0.5 | sklearn test tuned | change |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string peer = r.Peer is { } p
                ? $"{T(p.GetProperty("threshold").GetDouble())} | {F(p.GetProperty("at_half").GetDouble())} | {F(p.GetProperty("tuned").GetDouble())} | {(p.GetProperty("tuned").GetDouble() - p.GetProperty("at_half").GetDouble()) * 100:+0.00;-0.00;0.00} pt"
                : "- | - | - | -";
            sb.AppendLine(FormattableString.Invariant(
                $"| {r.Set} | {r.Rows} | {r.PositiveShare:P1} | {T(r.Best)} | {(r.Gain is { } g ? (g * 100).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) + " pt" : "-")} | {(r.Best == DecisionThreshold.Default ? "n/a (0.5 is best)" : r.Kept ? "yes" : "no")} | {F(r.OofHalf)} / {F(r.OofBest)} | {F(r.TestHalf)} | {F(r.TestBest)} | {F(r.TestModel)} | {(r.TestModel - r.TestHalf) * 100:+0.00;-0.00;0.00} pt | {peer} |"));
        }
        return sb.ToString();
    }
}
