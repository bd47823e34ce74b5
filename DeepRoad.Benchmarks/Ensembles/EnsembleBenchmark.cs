using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepRoad.Deep;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Ensembles;

/// <summary>
/// <c>dotnet run --project DeepRoad.Benchmarks -c Release -- ensembles [--sets a,b] [--trees N] [--folds K] [--max-train-rows N] [--out FILE] [--no-sklearn] [--speedup-set S] [--speedup-member fasttree|lightgbm|sdca|lbfgs|fastforest|mlp] [--speedup-only] [--speedup-repeats N] [--only TEXT] [--trace]</c>:
/// DeepRoad's ensembles against their best single member and scikit-learn's ensembles with comparable members, on the
/// same train/test files, in the same run; plus the parallel (2 workers) vs serial member-fitting speed-up.
/// </summary>
public static class EnsembleBenchmark
{
    private sealed record Row(string Set, string Method, string Metric, double Value, double FitSeconds);

    /// <summary>Progress reported on the reporting thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SyncProgress(Action<EnsembleProgress> report) : IProgress<EnsembleProgress>
    {
        public void Report(EnsembleProgress value) => report(value);
    }

    private static bool Trace;
    private static string? Only;
    private static string? Dump;

    /// <summary>Writes the 1-layer stack's out-of-fold member predictions (train) and refitted members' test predictions as CSV.</summary>
    private static void DumpStack(string dir, string set, EnsembleModel model, Prepared data)
    {
        Directory.CreateDirectory(dir);
        var train = LabelReader.Read(data.Train, data.Task);
        void Write(string file, IReadOnlyList<(string Name, PredictionMatrix P)> members, float[] truth)
        {
            var sb = new StringBuilder();
            int w = members[0].P.Width;
            sb.AppendLine(string.Join(',', members.SelectMany(m => Enumerable.Range(0, w).Select(k => $"{m.Name}_{k}")).Append("label")));
            for (int i = 0; i < truth.Length; i++)
                sb.AppendLine(string.Join(',', members.SelectMany(m => Enumerable.Range(0, w).Select(k => m.P.Values[i * w + k].ToString("R", CultureInfo.InvariantCulture)))
                    .Append(truth[i].ToString("R", CultureInfo.InvariantCulture))));
            File.WriteAllText(Path.Combine(dir, file), sb.ToString());
        }
        Write($"{set}-oof.csv", model.OutOfFold.Select(o => (o.Name, o.Predictions)).ToArray(), train);
        Write($"{set}-test.csv", model.PredictMembers(data.Test), data.Truth);
    }

    public static int Run(string[] args)
    {
        Trace = args.Contains("--trace");
        Dump = Arg("--dump", "") is { Length: > 0 } dump ? dump : null;
        Only = Arg("--only", "") is { Length: > 0 } only ? only : null;
        string Arg(string name, string fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        var sets = Arg("--sets", "breast_cancer,wine,diabetes,adult,taxi_fare").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int trees = int.Parse(Arg("--trees", "100"), CultureInfo.InvariantCulture);
        int folds = int.Parse(Arg("--folds", "5"), CultureInfo.InvariantCulture);
        int maxRows = int.Parse(Arg("--max-train-rows", "5000"), CultureInfo.InvariantCulture);
        string speedSet = Arg("--speedup-set", "adult");
        string output = Arg("--out", Path.Combine(RepoRoot(), "benchmarks", "results", "ensembles.md"));
        bool sklearn = !args.Contains("--no-sklearn");
        string dataRoot = Arg("--data", DataRoot());

        bool speedOnly = args.Contains("--speedup-only");
        int speedRepeats = int.Parse(Arg("--speedup-repeats", "3"), CultureInfo.InvariantCulture);
        string speedMember = Arg("--speedup-member", "fasttree");
        var rows = new List<Row>();
        if (speedOnly) sets = [];
        foreach (var set in sets)
        {
            Console.Error.WriteLine($"== {set}");
            rows.AddRange(RunDeepRoad(dataRoot, set, trees, folds, maxRows));
            if (sklearn) rows.AddRange(RunSklearn(dataRoot, set, trees, folds, maxRows));
        }
        var speed = sets.Contains(speedSet) || speedOnly ? SpeedUp(dataRoot, speedSet, speedMember, trees, maxRows, speedRepeats) : null;
        File.WriteAllText(output, Report(rows, speed, args, trees, folds, maxRows));
        Console.Error.WriteLine($"written {output}");
        return 0;
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    internal static string DataRoot()
    {
        var shared = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "data"));
        return Directory.Exists(shared) ? shared : "/work/shared/data";
    }

    internal sealed record Prepared(IDataView Train, IDataView Test, MLTask Task, MetricKind Metric, float[] Truth);

    internal static Prepared Prepare(MLContext ctx, string dataRoot, string set, int maxRows, FeaturizerOptions? featurizerOptions = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataRoot, "datasets.json")));
        var meta = doc.RootElement.GetProperty("datasets").EnumerateArray().First(d => d.GetProperty("name").GetString() == set);
        string label = meta.GetProperty("label").GetString()!;
        var metric = MetricNames.Parse(meta.GetProperty("metric").GetString()!, "metric");
        string? positive = meta.TryGetProperty("positive_class", out var p) && p.ValueKind != JsonValueKind.Null ? p.ToString() : null;
        var options = new DataLoadOptions { Label = label, PositiveClass = positive };
        var train = DataLoader.LoadFile(ctx, Path.Combine(dataRoot, set, "train.csv"), options);
        var test = DataLoader.LoadFile(ctx, Path.Combine(dataRoot, set, "test.csv"), train.Schema, options);
        var task = train.Schema.Task!.Value;
        var preparedTrain = train.WithPreparedLabel(ctx);
        if (maxRows > 0) preparedTrain = ctx.Data.TakeRows(preparedTrain, maxRows);
        var featurizer = DefaultFeaturizer.Build(ctx, train.Schema, featurizerOptions).Fit(preparedTrain);
        var trainView = ctx.Data.Cache(featurizer.Transform(preparedTrain));
        var testView = ctx.Data.Cache(featurizer.Transform(test.WithPreparedLabel(ctx)));
        LabelReader.Read(trainView, task); // fills the cache before any timing
        return new Prepared(trainView, testView, task, metric, LabelReader.Read(testView, task));
    }

    private static IEnumerable<Row> RunDeepRoad(string dataRoot, string set, int trees, int folds, int maxRows)
    {
        var ctx = new MLContext(0);
        var data = Prepare(ctx, dataRoot, set, maxRows);
        var task = data.Task;
        var sizes = new EnsembleMembers.Sizes(Trees: trees, Leaves: 20, LinearIterations: 100);
        var members = EnsembleMembers.Parse("fasttree,lightgbm,sdca", task, sizes);
        var c = ctx.DeepRoad().Ensembles;
        double Score(PredictionMatrix m) => Metric.Compute(data.Metric, data.Truth, m, task);
        var rows = new List<Row>();
        foreach (var m in members)
        {
            m.Factory(new MLContext(1)).Fit(data.Train); // warm-up: JIT and native loads stay out of the timings
            var sw = Stopwatch.StartNew();
            var model = m.Factory(new MLContext(1)).Fit(data.Train);
            double fit = sw.Elapsed.TotalSeconds;
            rows.Add(new Row(set, $"DeepRoad single {m.Name}", Name(data.Metric), Score(PredictionExtractor.Extract(model.Transform(data.Test), task, Classes(task, data))), fit));
        }
        var weak = task == MLTask.Regression
            ? EnsembleMembers.Create(MemberTrainer.FastForest, task, new EnsembleMembers.Sizes(1, 8, 10), "Weight")
            : EnsembleMembers.Create(MemberTrainer.FastTree, task, new EnsembleMembers.Sizes(1, 4, 10), "Weight");
        var estimators = new (string Name, EnsembleEstimator Estimator)[]
        {
            ("DeepRoad Bagging(5 x lightgbm)", c.Bagging(new BaggingOptions { Member = members[1], NumberOfMembers = 5, MaxParallelism = 2 })),
            (task == MLTask.Regression ? "DeepRoad AdaBoost.R2(50 x 8-leaf tree)" : "DeepRoad AdaBoost SAMME.R(50 x 4-leaf tree)",
                c.AdaBoost(new AdaBoostOptions { Member = weak, Rounds = 50, LearningRate = task == MLTask.Regression ? 1.0 : 0.5 })),
            ($"DeepRoad Stacking 1 layer ({folds}-fold)", c.Stacking(new StackingOptions { Members = members, Folds = folds, MaxParallelism = 2 })),
            ($"DeepRoad Stacking 1 layer, bagged members ({folds}-fold)", c.Stacking(new StackingOptions { Members = members, Folds = folds, BagMembers = true, MaxParallelism = 2 })),
            ($"DeepRoad Stacking 2 layers ({folds}-fold, bagged members)", c.Stacking(new StackingOptions { Members = members, Folds = folds, Layers = 2, MaxParallelism = 2 })),
            ($"DeepRoad Stacking 2 layers, meta-learner sees both layers ({folds}-fold, bagged members)", c.Stacking(new StackingOptions { Members = members, Folds = folds, Layers = 2, MetaLearnerSeesAllLayers = true, MaxParallelism = 2 })),
            ($"DeepRoad Stacking 2 layers, refitted members ({folds}-fold)", c.Stacking(new StackingOptions { Members = members, Folds = folds, Layers = 2, BagMembers = false, MaxParallelism = 2 })),
            ("DeepRoad Voting(soft)", c.Voting(new VotingOptions { Members = members, MaxParallelism = 2 })),
            ($"DeepRoad Selection({folds}-fold, {Name(data.Metric)})", c.Selection(new SelectionOptions { Members = members, Folds = folds, Metric = data.Metric, MaxParallelism = 2 })),
        };
        foreach (var (name, est) in estimators)
        {
            if (Only != null && !name.Contains(Only, StringComparison.OrdinalIgnoreCase)) continue;
            Console.Error.WriteLine($"   {name}");
            var sw = Stopwatch.StartNew();
            var trace = Trace ? new SyncProgress(p => Console.Error.WriteLine(FormattableString.Invariant(
                $"      {sw.Elapsed.TotalSeconds,7:F2} s  {p.Completed}/{p.Total} {p.Member} ({p.Stage})"))) : null;
            var model = est.Fit(data.Train, CancellationToken.None, trace);
            double fit = sw.Elapsed.TotalSeconds;
            if (Trace) Console.Error.WriteLine(FormattableString.Invariant($"      {fit,7:F2} s  fitted"));
            rows.Add(new Row(set, name, Name(data.Metric), Score(model.PredictMatrix(data.Test)), fit));
            if (Dump != null && name.StartsWith("DeepRoad Stacking 1", StringComparison.Ordinal)) DumpStack(Dump, set, model, data);
        }
        return rows;
    }

    internal static int Classes(MLTask task, Prepared data) => task switch
    {
        MLTask.BinaryClassification => 2,
        MLTask.MulticlassClassification => (int)((Microsoft.ML.Data.KeyDataViewType)data.Train.Schema["Label"].Type).Count,
        _ => 1,
    };

    private static string Name(MetricKind m) => MetricNames.ToName(m);

    private static IEnumerable<Row> RunSklearn(string dataRoot, string set, int trees, int folds, int maxRows)
    {
        var script = Path.Combine(RepoRoot(), "DeepRoad.Benchmarks", "Ensembles", "sklearn_ensembles.py");
        var psi = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { script, dataRoot, set, "--trees", trees.ToString(CultureInfo.InvariantCulture), "--folds", folds.ToString(CultureInfo.InvariantCulture),
                     "--max-train-rows", maxRows.ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
        var stderr = proc.StandardError.ReadToEndAsync();
        var rows = new List<Row>();
        string? line;
        while ((line = proc.StandardOutput.ReadLine()) != null)
        {
            using var j = JsonDocument.Parse(line);
            var r = j.RootElement;
            rows.Add(new Row(set, r.GetProperty("method").GetString()!, r.GetProperty("metric").GetString()!, r.GetProperty("value").GetDouble(), r.GetProperty("fit_s").GetDouble()));
        }
        proc.WaitForExit();
        if (proc.ExitCode != 0) Console.Error.WriteLine($"sklearn peer failed on {set}: {stderr.Result}");
        return rows;
    }

    private sealed record Speed(string Set, string Member, double Serial, double Parallel, bool Identical, double SerialCpu, double ParallelCpu,
        double ReferenceSpeedUp, string LoadBefore, string LoadAfter, bool ServerGc, int Repeats);

    private static Speed SpeedUp(string dataRoot, string set, string memberName, int trees, int maxRows, int repeats)
    {
        var ctx = new MLContext(0);
        var data = Prepare(ctx, dataRoot, set, maxRows);
        // "mlp" (TorchSharp, one thread per member) trains outside ML.NET's trainer locks: FastTree/FastForest and
        // LightGbm hold a process-wide lock while they train (FastTreeShared.TrainLock,
        // LightGbmShared.LockForMultiThreadingInside), so their members cannot train at the same time in one process.
        var member = memberName.Equals("mlp", StringComparison.OrdinalIgnoreCase)
            ? new EnsembleMember("mlp", c => c.DeepRoad().Deep.Mlp(data.Task, new MlpSpec { HiddenLayers = [64, 32] },
                new DeepTrainingOptions { Epochs = 10, BatchSize = 64, LearningRate = 0.01, Seed = 0, Threads = 1 }))
            : EnsembleMembers.Create(Enum.Parse<MemberTrainer>(memberName, ignoreCase: true), data.Task, new EnsembleMembers.Sizes(trees, 20, 100));
        using var self = Process.GetCurrentProcess();
        (double Wall, double Cpu) Time(int workers, out float[] predictions)
        {
            var est = ctx.DeepRoad().Ensembles.Bagging(new BaggingOptions { Member = member, NumberOfMembers = 8, MaxParallelism = workers, Seed = 5 });
            GC.Collect();
            self.Refresh();
            var cpu0 = self.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            var model = est.Fit(data.Train);
            double s = sw.Elapsed.TotalSeconds;
            self.Refresh();
            double cpu = (self.TotalProcessorTime - cpu0).TotalSeconds;
            predictions = model.PredictMatrix(data.Test).Values;
            Console.Error.WriteLine(FormattableString.Invariant($"   speed-up: {workers} worker(s) {s:F2} s wall, {cpu:F2} s CPU, load {File.ReadAllText("/proc/loadavg").Trim()}"));
            return (s, cpu);
        }
        string load0 = File.ReadAllText("/proc/loadavg").Trim();
        Time(2, out _); // warm-up (JIT, native library loads)
        var serial = new List<(double Wall, double Cpu)>();
        var parallel = new List<(double Wall, double Cpu)>();
        float[] a = [], b = [];
        for (int r = 0; r < repeats; r++) // alternate, so a load spike hits both sides alike
        {
            serial.Add(Time(1, out a));
            parallel.Add(Time(2, out b));
        }
        double reference = ReferenceSpeedUp();
        string load1 = File.ReadAllText("/proc/loadavg").Trim();
        static double Median(IEnumerable<double> v) { var o = v.Order().ToArray(); return o[o.Length / 2]; }
        return new Speed(set, member.Name == "mlp" ? "MLP members (TorchSharp, 64-32 hidden units, 10 epochs" : $"{member.Name} members ({trees} trees or iterations", Median(serial.Select(x => x.Wall)), Median(parallel.Select(x => x.Wall)), a.SequenceEqual(b),
            Median(serial.Select(x => x.Cpu)), Median(parallel.Select(x => x.Cpu)), reference, load0, load1,
            System.Runtime.GCSettings.IsServerGC, repeats);
    }

    /// <summary>
    /// What 2 threads can gain on this machine right now: a fixed CPU-bound loop (no allocation, no shared state)
    /// run once on 1 thread and split over 2, median of 3. It bounds the ensemble's speed-up from above.
    /// </summary>
    private static double ReferenceSpeedUp()
    {
        const long work = 400_000_000;
        static double Spin(long n)
        {
            double x = 0;
            for (long i = 1; i <= n; i++) x += 1.0 / i;
            return x;
        }
        var ratios = new List<double>();
        for (int r = 0; r < 3; r++)
        {
            var sw = Stopwatch.StartNew();
            Spin(work);
            double one = sw.Elapsed.TotalSeconds;
            sw.Restart();
            Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, _ => Spin(work / 2));
            ratios.Add(one / sw.Elapsed.TotalSeconds);
        }
        return ratios.Order().ElementAt(1);
    }

    private static string Report(List<Row> rows, Speed? speed, string[] args, int trees, int folds, int maxRows)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# Ensembles benchmark");
        sb.AppendLine();
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `DeepRoad.Benchmarks ensembles` on this machine ({Environment.ProcessorCount} cores, shared with other jobs).");
        sb.AppendLine();
        sb.AppendLine("Reproduce (from the repository root):");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine("apt-get install -y python3-sklearn python3-pandas   # scikit-learn 1.2.1 peer, run with /usr/bin/python3");
        sb.AppendLine($"dotnet run --project DeepRoad.Benchmarks -c Release -- ensembles {string.Join(' ', args.Skip(1))}".TrimEnd());
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine($"Setup: train on `train.csv`, report the dataset's metric on `test.csv` (../shared/data). Sets larger than {maxRows} rows train on the first {maxRows} rows of `train.csv` (a random sample: the files are shuffled), on both sides; the test file is whole.");
        sb.AppendLine($"Members on both sides: `fasttree` = ML.NET FastTree / sklearn GradientBoosting ({trees} trees, 20 leaves); `lightgbm` = ML.NET LightGbm / sklearn HistGradientBoosting ({trees} iterations, 20 leaves);");
        sb.AppendLine("`sdca` = ML.NET SDCA (logistic / maximum entropy / least squares) on normalised features / sklearn LogisticRegression or Ridge on standardised features.");
        sb.AppendLine($"Stacking and selection use {folds} folds (stratified for classification); stacking's meta-learner is L2 logistic regression / maximum entropy (L2 = 1) / ridge with its penalty chosen by leave-one-out error from 15 half-decades 1e-3..1e4 on standardised inputs (DeepRoad) and LogisticRegression / RidgeCV (sklearn, alphas 0.1, 1, 10). 1-layer stacks refit members on all rows unless marked bagged; 2-layer stacks bag them (average the fold models) unless marked refitted.");
        sb.AppendLine("Every DeepRoad trainer is single-threaded; ensembles fit members on 2 workers. sklearn runs with OMP_NUM_THREADS=1 and n_jobs=None (serial). Fit times exclude loading and featurization on the DeepRoad side and include sklearn's preprocessing pipeline on its side.");
        sb.AppendLine();
        foreach (var g in rows.GroupBy(r => r.Set))
        {
            var metric = g.First(r => r.Method.StartsWith("DeepRoad", StringComparison.Ordinal)).Metric;
            bool lower = metric is "rmse" or "mse" or "mae" or "log_loss";
            sb.AppendLine($"## {g.Key} ({metric}, {(lower ? "lower" : "higher")} is better)");
            sb.AppendLine();
            sb.AppendLine("| method | test " + metric + " | fit s |");
            sb.AppendLine("|---|---:|---:|");
            foreach (var r in g) sb.AppendLine($"| {r.Method} | {r.Value.ToString("F4", CultureInfo.InvariantCulture)} | {r.FitSeconds.ToString("F1", CultureInfo.InvariantCulture)} |");
            sb.AppendLine();
            Row Best(IEnumerable<Row> rs) => lower ? rs.MinBy(r => r.Value)! : rs.MaxBy(r => r.Value)!;
            var dr = g.Where(r => r.Method.StartsWith("DeepRoad", StringComparison.Ordinal)).ToArray();
            var bestSingle = Best(dr.Where(r => r.Method.Contains("single", StringComparison.Ordinal)));
            var bestEnsemble = Best(dr.Where(r => !r.Method.Contains("single", StringComparison.Ordinal)));
            string Versus(Row r)
            {
                double rel = (r.Value - bestSingle.Value) / Math.Abs(bestSingle.Value) * 100;
                bool good = lower ? r.Value <= bestSingle.Value : r.Value >= bestSingle.Value;
                return $"{r.Method.Replace("DeepRoad ", "", StringComparison.Ordinal)} {F(r.Value)} ({(good ? "at least as good" : "worse")}, {rel.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)} %)";
            }
            var stacks = dr.Where(r => r.Method.StartsWith("DeepRoad Stacking", StringComparison.Ordinal)).ToArray();
            sb.AppendLine($"- Best DeepRoad single member: {bestSingle.Method} {F(bestSingle.Value)}; against it: {string.Join("; ", stacks.Select(Versus))}.");
            var sk = g.Where(r => r.Method.StartsWith("sklearn", StringComparison.Ordinal) && !IsSingle(r.Method)).ToArray();
            if (sk.Length > 0)
            {
                var bestSk = Best(sk);
                bool asGood = lower ? bestEnsemble.Value <= bestSk.Value : bestEnsemble.Value >= bestSk.Value;
                sb.AppendLine($"- Best DeepRoad ensemble: {bestEnsemble.Method} {F(bestEnsemble.Value)}; best scikit-learn ensemble: {bestSk.Method} {F(bestSk.Value)} ({(asGood ? "DeepRoad at least as good" : "scikit-learn better")}).");
            }
            sb.AppendLine();
        }
        if (speed != null)
        {
            sb.AppendLine("## Parallel member fitting");
            sb.AppendLine();
            sb.AppendLine($"Bagging of 8 {speed.Member}, single-threaded each) on {speed.Set} (first {maxRows} training rows), same seed; median of {speed.Repeats} alternating serial/parallel fits; {(speed.ServerGc ? "server" : "workstation")} GC:");
            sb.AppendLine();
            sb.AppendLine("| workers | fit s (wall) | CPU s (process) | CPU / wall |");
            sb.AppendLine("|---:|---:|---:|---:|");
            sb.AppendLine($"| 1 | {F1(speed.Serial)} | {F1(speed.SerialCpu)} | {(speed.SerialCpu / speed.Serial).ToString("F2", CultureInfo.InvariantCulture)} |");
            sb.AppendLine($"| 2 | {F1(speed.Parallel)} | {F1(speed.ParallelCpu)} | {(speed.ParallelCpu / speed.Parallel).ToString("F2", CultureInfo.InvariantCulture)} |");
            sb.AppendLine();
            sb.AppendLine($"Speed-up {(speed.Serial / speed.Parallel).ToString("F2", CultureInfo.InvariantCulture)}x (goal >= 1.6x); predictions identical on 1 and 2 workers: {(speed.Identical ? "yes" : "NO")}.");
            sb.AppendLine($"Reference in the same run: a CPU-bound loop with no allocation split over 2 threads ran {speed.ReferenceSpeedUp.ToString("F2", CultureInfo.InvariantCulture)}x faster than on 1 thread (what the machine could give at that moment).");
            sb.AppendLine($"Load average (1, 5, 15 min) before: {speed.LoadBefore}; after: {speed.LoadAfter}.");
        }
        return sb.ToString();
    }

    private static bool IsSingle(string method) => method is "sklearn fasttree" or "sklearn lightgbm" or "sklearn sdca";

    private static string F(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    private static string F1(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}
