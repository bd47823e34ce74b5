using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Ensembles;
using DeepRoad.Ensembles.Forests;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Benchmarks.Tuning;

/// <summary>
/// How the thread count of one ML.NET tree fit (TrainerSpaces' <c>threads</c>, AutoML's <c>TreeThreads</c>) changes
/// its time, alone and beside a busy thread (what a second AutoML worker is), and that the model stays the same. The
/// table is what AutoML's automatic counts rest on (benchmarks/results/tuning.md).
/// </summary>
internal static class TreeThreadsBenchmark
{
    private sealed class Row
    {
        [VectorType(30)] public float[] Features { get; set; } = [];
        public uint Class { get; set; }
        public float Value { get; set; }
    }

    /// <summary>A deterministic table: 30 normal features, a 7-class label from a noisy linear-plus-interaction score, and a regression target.</summary>
    private static IEnumerable<Row> Generate(int rows, int seed)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var w = Enumerable.Range(0, 30).Select(_ => Normal()).ToArray();
        for (int i = 0; i < rows; i++)
        {
            var x = Enumerable.Range(0, 30).Select(_ => (float)Normal()).ToArray();
            double s = x.Select((v, j) => v * w[j]).Sum() * 0.4 + x[0] * x[1] + Math.Sin(2 * x[2]) + 0.5 * Normal();
            yield return new Row { Features = x, Class = (uint)Math.Clamp(Math.Floor(s + 3.5), 0, 6) + 1, Value = (float)s };
        }
    }

    public static int Run(string[] args)
    {
        int rows = int.Parse(BenchArgs.Get(args, "--rows") ?? "100000", CultureInfo.InvariantCulture);
        int repeats = int.Parse(BenchArgs.Get(args, "--repeats") ?? "2", CultureInfo.InvariantCulture);
        int many = int.Parse(BenchArgs.Get(args, "--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        string output = BenchArgs.Get(args, "--out") ?? Path.Combine("benchmarks", "results", "tree_threads.md");
        if (rows < 100) throw new ArgumentException($"--rows must be at least 100, got {rows}.");
        if (repeats < 1) throw new ArgumentException($"--repeats must be at least 1, got {repeats}.");
        if (many < 2) throw new ArgumentException($"--threads must be at least 2, got {many}.");

        var ml = new MLContext(0);
        var raw = ml.Data.LoadFromEnumerable(Generate(rows, 7).ToList());
        var data = ml.Data.Cache(ml.Transforms.Conversion.MapValueToKey("Label", "Class").Fit(raw).Transform(raw));
        var regression = ml.Data.Cache(ml.Transforms.CopyColumns("Label", "Value").Fit(raw).Transform(raw));

        // Each case builds its estimator for a thread count (the trainer's library defaults, seed 3).
        IEstimator<ITransformer> Space(TrainerKind kind, MLTask task, MLContext c, int threads)
        {
            var space = TrainerSpaces.For(kind, task, seed: 3, threads: threads);
            return space.Create(c, space.Defaults);
        }
        var cases = new (string Name, MLTask Task, IDataView Data, Func<MLContext, int, IEstimator<ITransformer>> Make)[]
        {
            ("LightGbm, 7 classes", MLTask.MulticlassClassification, data, (c, t) => Space(TrainerKind.LightGbm, MLTask.MulticlassClassification, c, t)),
            ("LightGbm, regression", MLTask.Regression, regression, (c, t) => Space(TrainerKind.LightGbm, MLTask.Regression, c, t)),
            ("FastTree, regression", MLTask.Regression, regression, (c, t) => Space(TrainerKind.FastTree, MLTask.Regression, c, t)),
            ("FastForest, regression", MLTask.Regression, regression, (c, t) => Space(TrainerKind.FastForest, MLTask.Regression, c, t)),
            ("extra trees (DeepRoad), regression, 50 trees", MLTask.Regression, regression,
                (c, t) => c.DeepRoad().Ensembles.ExtraTrees(new ExtraTreesOptions { NumberOfTrees = 50, MinimumExampleCountPerLeaf = 20, NumberOfThreads = t, Seed = 3 })),
            ("random forest (DeepRoad), regression, 50 trees", MLTask.Regression, regression,
                (c, t) => c.DeepRoad().Ensembles.RandomForest(new RandomForestOptions { NumberOfTrees = 50, MinimumExampleCountPerLeaf = 20, NumberOfThreads = t, Seed = 3 })),
        };
        var sb = new StringBuilder();
        sb.AppendLine(FormattableString.Invariant($"| trainer ({rows} rows, 30 features) | 1 thread, alone (s) | {many} threads, alone (s) | 1 thread, beside a busy thread (s) | {many} threads, beside a busy thread (s) | same model |"));
        sb.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var c in cases)
        {
            double Fit(int threads, bool busy, out double checksum)
            {
                using var stop = new CancellationTokenSource();
                var hog = busy ? new Thread(() => { double x = 0; while (!stop.IsCancellationRequested) x += Math.Sqrt(x + 1); }) { IsBackground = true } : null;
                hog?.Start();
                var best = double.MaxValue;
                checksum = 0;
                for (int r = 0; r < repeats; r++)
                {
                    var fitMl = new MLContext(1);
                    var sw = Stopwatch.StartNew();
                    var model = c.Make(fitMl, threads).Fit(c.Data);
                    best = Math.Min(best, sw.Elapsed.TotalSeconds);
                    var scored = model.Transform(ml.Data.TakeRows(c.Data, 2000));
                    checksum = c.Task == MLTask.MulticlassClassification
                        ? scored.GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).Select((v, j) => (double)v * (j % 7 + 1)).Sum()
                        : scored.GetColumn<float>("Score").Select((v, j) => (double)v * (j % 5 + 1)).Sum();
                }
                stop.Cancel();
                hog?.Join();
                return best;
            }
            double a1 = Fit(1, false, out var k1), aN = Fit(many, false, out var k2), b1 = Fit(1, true, out var k3), bN = Fit(many, true, out var k4);
            bool same = k1 == k2 && k2 == k3 && k3 == k4;
            string line = FormattableString.Invariant($"| {c.Name} | {a1:0.0} | {aN:0.0} ({a1 / aN:0.00}x) | {b1:0.0} | {bN:0.0} ({b1 / bN:0.00}x) | {(same ? "yes" : "NO")} |");
            Console.WriteLine(line);
            sb.AppendLine(line);
        }
        string header = FormattableString.Invariant($"Tree fits by thread count, {Environment.ProcessorCount} cores, best of {repeats}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. ") +
            "\"Beside a busy thread\": one more thread spins on arithmetic throughout, as a second AutoML worker's linear trial would. Ratios above 1 mean the thread count helps.\n\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, header + sb);
        Console.WriteLine($"wrote {output}");
        return 0;
    }
}
