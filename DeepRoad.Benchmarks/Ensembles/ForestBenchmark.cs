using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Ensembles;

/// <summary>
/// DeepRoad.Ensembles' extra trees and random forest next to scikit-learn's ExtraTrees and RandomForest on the same
/// files in the same run: test metric and fit time (median of repeats, one thread each), and the time ratio.
/// </summary>
public static class ForestBenchmark
{
    private sealed record Row(string Set, string Method, string Metric, double DeepRoad, double DeepRoadSeconds, double? Sklearn, double? SklearnSeconds);

    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var sets = Arg("--sets", "breast_cancer,wine,diabetes,sacramento,attrition,adult,taxi_fare").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int trees = int.Parse(Arg("--trees", "100"), CultureInfo.InvariantCulture);
        int repeats = int.Parse(Arg("--repeats", "3"), CultureInfo.InvariantCulture);
        string? output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        string dataRoot = EnsembleBenchmark.DataRoot();
        var rows = new List<Row>();
        foreach (var set in sets)
        {
            Console.Error.WriteLine($"{set}: DeepRoad");
            var ctx = new MLContext(0);
            // Every categorical column one-hot (no hashing), as the scikit-learn side does.
            var data = EnsembleBenchmark.Prepare(ctx, dataRoot, set, 0, new DeepRoad.Pipelines.Featurization.FeaturizerOptions { OneHotMaxCardinality = 100_000 });
            var peer = Sklearn(dataRoot, set, trees, repeats);
            string metric = MetricNames.ToName(data.Metric);
            int width = ((Microsoft.ML.Data.VectorDataViewType)data.Train.Schema["Features"].Type).Size;
            Console.Error.WriteLine($"   {width} features");
            foreach (var (name, fit) in new (string, Func<int, ITransformer>)[]
            {
                ("extra trees", seed => ctx.DeepRoad().Ensembles.ExtraTrees(new ExtraTreesOptions { NumberOfTrees = trees, NumberOfThreads = 1, Seed = seed }).Fit(data.Train)),
                ("random forest", seed => ctx.DeepRoad().Ensembles.RandomForest(new RandomForestOptions { NumberOfTrees = trees, NumberOfThreads = 1, Seed = seed }).Fit(data.Train)),
            })
            {
                fit(99); // warm-up: JIT stays out of the timings
                var times = new List<double>();
                double value = 0;
                for (int r = 0; r < repeats; r++)
                {
                    var sw = Stopwatch.StartNew();
                    var model = fit(r);
                    times.Add(sw.Elapsed.TotalSeconds);
                    if (r == 0)
                        value = Metric.Compute(data.Metric, data.Truth, PredictionExtractor.Extract(model.Transform(data.Test), data.Task, EnsembleBenchmark.Classes(data.Task, data)), data.Task);
                }
                (double Value, double Seconds)? p = peer.TryGetValue(name, out var found) ? found : null;
                rows.Add(new Row(set, name, metric, value, SklearnPeer.Median(times), p?.Value, p?.Seconds));
                Console.Error.WriteLine(FormattableString.Invariant($"   {name}: {value:F4} in {SklearnPeer.Median(times):F2} s; scikit-learn {p?.Value:F4} in {p?.Seconds:F2} s"));
            }
        }
        string report = Report(rows, trees, repeats, args);
        Console.WriteLine(report);
        if (output is not null) File.WriteAllText(output, report);
        return 0;
    }

    private static Dictionary<string, (double Value, double Seconds)> Sklearn(string dataRoot, string set, int trees, int repeats) =>
        SklearnPeer.Run("sklearn_forests.py", set, [dataRoot, set, "--trees", trees.ToString(CultureInfo.InvariantCulture), "--repeats", repeats.ToString(CultureInfo.InvariantCulture)])
            .ToDictionary(kv => kv.Key, kv => (kv.Value.GetProperty("value").GetDouble(), kv.Value.GetProperty("fit_s").GetDouble()));

    private static string Report(List<Row> rows, int trees, int repeats, string[] args)
    {
        static string F(double? v) => v is { } x ? x.ToString(Math.Abs(x) >= 100 ? "F1" : "F4", CultureInfo.InvariantCulture) : "-";
        static string S(double? v) => v is { } x ? x.ToString("F2", CultureInfo.InvariantCulture) : "-";
        var sb = new StringBuilder();
        sb.AppendLine($"Forests: {trees} trees, default options, one thread each; fit seconds are the median of {repeats} fits (seeds 0..{repeats - 1}), the test metric is seed 0's.");
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end. Command: `forests {string.Join(' ', args.Skip(1))}`.");
        sb.AppendLine();
        sb.AppendLine("| dataset | model | metric | DeepRoad | scikit-learn | DeepRoad fit s | scikit-learn fit s | time ratio (DeepRoad / scikit-learn) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Set} | {r.Method} | {r.Metric} | {F(r.DeepRoad)} | {F(r.Sklearn)} | {S(r.DeepRoadSeconds)} | {S(r.SklearnSeconds)} | {(r.SklearnSeconds is > 0 and var s ? S(r.DeepRoadSeconds / s) : "-")} |");
        return sb.ToString();
    }
}
