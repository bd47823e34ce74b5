using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Benchmarks.Ensembles;

/// <summary>
/// `knn [--train N] [--query M] [--features D] [--classes C] [--repeats R] [--out FILE]`: scoring M query rows with
/// DeepRoad's k nearest neighbours (k = 5, brute force, one thread) fitted on N generated rows of D features, against
/// scikit-learn's KNeighborsClassifier (brute force and its automatic tree choice, one thread) on the same rows in the
/// same run. Median seconds of R repeats; results in benchmarks/results/knn.md.
/// </summary>
internal static class KNearestNeighborsBenchmark
{
    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public float Class { get; set; }
    }

    public static int Run(string[] args)
    {
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        int n = Arg("--train", 4000), m = Arg("--query", 20000), d = Arg("--features", 20), classes = Arg("--classes", 10), repeats = Arg("--repeats", 3);
        string? outFile = Array.IndexOf(args, "--out") is var o and >= 0 && o + 1 < args.Length ? args[o + 1] : null;

        var rng = new Random(1);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var centers = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, d).Select(_ => 2 * Normal()).ToArray()).ToArray();
        Row Make(int c) => new() { Class = c, Features = centers[c].Select(v => (float)(v + 2.5 * Normal())).ToArray() };
        var train = Enumerable.Range(0, n).Select(_ => Make(rng.Next(classes))).ToList();
        var query = Enumerable.Range(0, m).Select(_ => Make(rng.Next(classes))).ToList();

        var ml = new MLContext(1);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, d);
        // The label as AutoML and the tests make it: class numbers mapped to a key (sorted, so key 1 is class 0).
        var toKey = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Fit(ml.Data.LoadFromEnumerable(train, schema));
        var trainView = toKey.Transform(ml.Data.LoadFromEnumerable(train, schema));
        var model = ml.DeepRoad().Ensembles.KNearestNeighbors(new KNearestNeighborsOptions { NumberOfNeighbors = 5 }).Fit(trainView);
        // Materialised, so the timing is the model's, not the enumerable's.
        var queryView = ml.Data.Cache(ml.Data.LoadFromEnumerable(query, schema));
        var times = new List<double>();
        double checksum = 0;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            // GetColumn may hand out one buffer for every row: read the first class while iterating.
            checksum = model.Transform(queryView).GetColumn<VBuffer<float>>("Score").Sum(s => (double)s.DenseValues().First());
            times.Add(sw.Elapsed.TotalSeconds);
        }
        double ours = SklearnPeer.Median(times);

        string dir = Path.Combine(Path.GetTempPath(), $"deeproad-knn-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        string Csv(IEnumerable<Row> rows, bool label) => string.Concat(rows.Select(x =>
            string.Join(",", x.Features.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + (label ? $",{x.Class}" : "") + "\n"));
        File.WriteAllText(Path.Combine(dir, "train.csv"), Csv(train, true));
        File.WriteAllText(Path.Combine(dir, "query.csv"), Csv(query, false));
        var peer = SklearnPeer.RunScript(Path.Combine(EnsembleBenchmark.RepoRoot(), "DeepRoad.Benchmarks", "Ensembles", "sklearn_knn.py"), "knn",
            [Path.Combine(dir, "train.csv"), Path.Combine(dir, "query.csv"), repeats.ToString(CultureInfo.InvariantCulture)]);
        Directory.Delete(dir, recursive: true);

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"k nearest neighbours, k = 5: {m} query rows against {n} training rows of {d} features, {classes} classes; median of {repeats}, one thread.");
        sb.AppendLine();
        sb.AppendLine("| method | seconds | query rows per second | vs DeepRoad |");
        sb.AppendLine("|---|---|---|---|");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| DeepRoad brute force | {ours:0.000} | {m / ours:0} | 1.00 |");
        foreach (var row in peer)
        {
            double s = row.GetProperty("seconds").GetDouble();
            sb.AppendLine(CultureInfo.InvariantCulture, $"| scikit-learn {row.GetProperty("method").GetString()} | {s:0.000} | {m / s:0} | {s / ours:0.00} |");
        }
        sb.AppendLine();
        string peers = string.Concat(peer.Select(p => string.Create(CultureInfo.InvariantCulture,
            $", scikit-learn {p.GetProperty("method").GetString()} {p.GetProperty("checksum").GetDouble():0.000}")));
        sb.AppendLine(CultureInfo.InvariantCulture, $"P(first class) summed over the query rows: DeepRoad {checksum:0.000}{peers}.");
        Console.Write(sb.ToString());
        if (outFile is not null) File.AppendAllText(outFile, sb.ToString() + "\n");
        return 0;
    }
}
