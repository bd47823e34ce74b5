using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Ensembles;

/// <summary>
/// DeepRoad.Ensembles' elastic net next to scikit-learn's ElasticNetCV on the same regression files in the same run:
/// test RMSE, the chosen penalty, the non-zero weights and the fit time (the whole cross-validated path; median of
/// repeats with seeds 0..R-1, one thread each), and the time ratio. <c>--data DIR</c> reads another folder in the
/// ../shared/data format, such as the one <c>benchmarks/synthetic_tables.py</c> writes (its <c>wide</c> table).
/// </summary>
public static class ElasticNetBenchmark
{
    private sealed record Row(string Set, string Method, int Features, double DeepRoad, double DeepRoadSeconds, double Alpha, int NonZero,
        double? Sklearn, double? SklearnSeconds, double? SklearnAlpha, int? SklearnNonZero);

    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var sets = Arg("--sets", "diabetes,sacramento,taxi_fare").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var ratios = Arg("--l1", "1,0.5").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        int repeats = int.Parse(Arg("--repeats", "3"), CultureInfo.InvariantCulture);
        string dataRoot = Arg("--data", EnsembleBenchmark.DataRoot());
        string? output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        var rows = new List<Row>();
        foreach (var set in sets)
        {
            Console.Error.WriteLine($"{set}: DeepRoad");
            var ctx = new MLContext(0);
            var data = EnsembleBenchmark.Prepare(ctx, dataRoot, set, 0);
            if (data.Task != MLTask.Regression) throw new ArgumentException($"{set} is not a regression set.");
            int width = ((Microsoft.ML.Data.VectorDataViewType)data.Train.Schema["Features"].Type).Size;
            var peer = Sklearn(dataRoot, set, ratios, repeats);
            foreach (var l1 in ratios)
            {
                ElasticNetTransformer Fit(int seed) => ctx.DeepRoad().Ensembles.ElasticNet(new ElasticNetOptions { L1Ratio = l1, Seed = seed }).Fit(data.Train);
                Fit(99); // warm-up: JIT stays out of the timings
                var times = new List<double>();
                ElasticNetTransformer? first = null;
                for (int r = 0; r < repeats; r++)
                {
                    var sw = Stopwatch.StartNew();
                    var model = Fit(r);
                    times.Add(sw.Elapsed.TotalSeconds);
                    first ??= model;
                }
                double rmse = Metric.Compute(MetricKind.Rmse, data.Truth, PredictionExtractor.Extract(first!.Transform(data.Test), data.Task, 1), data.Task);
                string name = FormattableString.Invariant($"l1 {l1:g}");
                var p = peer.GetValueOrDefault(name);
                rows.Add(new Row(set, name, width, rmse, SklearnPeer.Median(times), first.Alpha, first.NonZeroWeights, p?.Value, p?.Seconds, p?.Alpha, p?.NonZero));
                Console.Error.WriteLine(FormattableString.Invariant($"   {name}: {rmse:G6} in {SklearnPeer.Median(times):F3} s; scikit-learn {p?.Value:G6} in {p?.Seconds:F3} s"));
            }
        }
        string report = Report(rows, repeats, args);
        Console.WriteLine(report);
        if (output is not null) File.WriteAllText(output, report);
        return 0;
    }

    private sealed record Peer(double Value, double Seconds, double Alpha, int NonZero);

    private static Dictionary<string, Peer> Sklearn(string dataRoot, string set, double[] ratios, int repeats) =>
        SklearnPeer.Run("sklearn_elasticnet.py", set,
                [dataRoot, set, "--l1", string.Join(",", ratios.Select(r => r.ToString(CultureInfo.InvariantCulture))), "--repeats", repeats.ToString(CultureInfo.InvariantCulture)])
            .ToDictionary(kv => kv.Key, kv => new Peer(kv.Value.GetProperty("value").GetDouble(), kv.Value.GetProperty("fit_s").GetDouble(),
                kv.Value.GetProperty("alpha").GetDouble(), kv.Value.GetProperty("nonzero").GetInt32()));

    private static string Report(List<Row> rows, int repeats, string[] args)
    {
        static string F(double? v) => v is { } x ? x.ToString(Math.Abs(x) >= 100 ? "F1" : "F4", CultureInfo.InvariantCulture) : "-";
        static string S(double? v) => v is { } x ? x.ToString("F3", CultureInfo.InvariantCulture) : "-";
        static string G(double? v) => v is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "-";
        var sb = new StringBuilder();
        sb.AppendLine($"Elastic net with a cross-validated penalty (100 penalties, eps 1e-3, 5 shuffled folds) against scikit-learn's ElasticNetCV; fit seconds are the median of {repeats} fits (fold seeds 0..{repeats - 1}), one thread each; RMSE, penalty and non-zero weights are seed 0's.");
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at the end. Command: `elasticnet {string.Join(' ', args.Skip(1))}`.");
        sb.AppendLine();
        sb.AppendLine("| dataset | features | L1 ratio | DeepRoad RMSE | scikit-learn RMSE | DeepRoad alpha / non-zero | scikit-learn alpha / non-zero | DeepRoad fit s | scikit-learn fit s | time ratio (DeepRoad / scikit-learn) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine($"| {r.Set} | {r.Features} | {r.Method[3..]} | {F(r.DeepRoad)} | {F(r.Sklearn)} | {G(r.Alpha)} / {r.NonZero} | {G(r.SklearnAlpha)} / {(r.SklearnNonZero is { } n ? n.ToString(CultureInfo.InvariantCulture) : "-")} | {S(r.DeepRoadSeconds)} | {S(r.SklearnSeconds)} | {(r.SklearnSeconds is > 0 and var s ? (r.DeepRoadSeconds / s).ToString("F2", CultureInfo.InvariantCulture) : "-")} |");
        return sb.ToString();
    }
}
