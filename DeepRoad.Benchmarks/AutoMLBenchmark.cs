using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepRoad.AutoML;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project DeepRoad.Benchmarks -- automl [--time S] [--jobs N] [--sets a,b] [--out FILE] [--resplit K]</c>:
/// AutoML on every set in ../shared/data, each in a child process (so peak memory is per set), with
/// scikit-learn's HistGradientBoosting + RandomizedSearchCV and Stacking measured in the same run; with <c>--resplit K</c>,
/// the same on K fresh train/test splits of each set.
/// </summary>
public static class AutoMLBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "one") return await RunOneAsync(args[1..]);
        if (args.Length > 0 && args[0] == "finals") return await FinalMethodExperiment.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "finals-offline") return FinalMethodExperiment.Offline(args[1..]);
        double time = Get(args, "--time", 60);
        int jobs = (int)Get(args, "--jobs", 2);
        string root = FindRoot();
        string shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        if (!Directory.Exists(shared)) shared = "/work/shared/data";
        // Any folder laid out as ../shared/data is (datasets.json, NAME/train.csv, NAME/test.csv), for example the
        // real tables benchmarks/statsmodels_tables.py writes.
        if (BenchArgs.Get(args, "--data") is { } data) shared = Path.GetFullPath(data);
        string output = BenchArgs.Get(args, "--out") ?? Path.Combine(root, "benchmarks", "results", "automl.md");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "datasets.json")));
        var sets = doc.RootElement.GetProperty("datasets").EnumerateArray()
            .Select(d => (Name: d.GetProperty("name").GetString()!, Label: d.GetProperty("label").GetString()!, Metric: d.GetProperty("metric").GetString()!, Task: d.GetProperty("task").GetString()!))
            .ToList();
        if (BenchArgs.Get(args, "--sets") is { } only) sets = sets.Where(s => only.Split(',').Contains(s.Name)).ToList();

        if (Get(args, "--resplit", 0) is var k and > 0)
            return await RunResplitAsync(root, shared, sets.Select(s => (s.Name, s.Label, s.Metric)).ToList(), (int)k, time, jobs,
                BenchArgs.Get(args, "--out") ?? Path.Combine(root, "benchmarks", "results", "automl_resplit.md"));

        string loadStart = LoadAverage();
        var rows = new List<string>();
        string rowsFile = BenchArgs.Get(args, "--rows") ?? Path.Combine(root, "benchmarks", "tmp", "automl_deeproad.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(rowsFile)!);
        bool renderOnly = args.Contains("--render");
        if (renderOnly) rows.AddRange(File.ReadAllLines(rowsFile).Where(l => l.Length > 0));
        else File.WriteAllText(rowsFile, "");
        foreach (var s in renderOnly ? [] : sets)
        {
            rows.Add(s.Name + "\t" + s.Metric + "\t" + await RunOneChildAsync(shared, s.Name, s.Label, s.Metric, time, jobs));
            File.AppendAllText(rowsFile, rows[^1] + "\n");
        }
        // scikit-learn peer, same sets, same machine, same session: run here, or read the output of a
        // concurrent `python3 benchmarks/automl_sklearn.py DATA SETS > FILE` run given as --peer FILE.
        string pyText;
        if (BenchArgs.Get(args, "--peer") is { } peerFile)
        {
            Console.WriteLine($"== scikit-learn peer from {peerFile}");
            pyText = File.ReadAllText(peerFile);
        }
        else pyText = await RunPeerAsync(root, shared, sets.Select(s => s.Name));
        var peer = ParsePeer(pyText);
        File.WriteAllText(output, Render(rows, peer, time, jobs, $"load average (1/5/15 min) {loadStart} at the start, {LoadAverage()} at the end"));
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    /// <summary>
    /// One set's AutoML in a child process (so its peak working set is its own): the child's RESULT json and the wall time,
    /// tab-separated.
    /// </summary>
    private static async Task<string> RunOneChildAsync(string data, string name, string label, string metric, double time, int jobs)
    {
        Console.WriteLine($"== {name} ({metric}) DeepRoad {time} s, {jobs} workers, data {data}");
        var self = Environment.ProcessPath!;
        // Under `dotnet X.dll` the child needs the dll as its first argument; under the apphost (`dotnet run`) it does not.
        bool viaHost = Path.GetFileNameWithoutExtension(self) == "dotnet";
        var selfArgs = viaHost && Environment.GetCommandLineArgs()[0].EndsWith(".dll") ? new[] { Environment.GetCommandLineArgs()[0] } : [];
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in selfArgs.Concat(["automl", "one", data, name, label, metric, time.ToString(CultureInfo.InvariantCulture), jobs.ToString(CultureInfo.InvariantCulture)])) psi.ArgumentList.Add(a);
        // A child that dies in native code leaves .NET's crash report (the native and managed stacks of every thread, as
        // JSON, without the dump itself) and its stderr under benchmarks/tmp, named in the row's error.
        string tmp = Path.Combine(FindRoot(), "benchmarks", "tmp");
        Directory.CreateDirectory(tmp);
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string stderrFile = Path.Combine(tmp, $"automl_child_{name}_{stamp}.stderr");
        string crashStem = Path.Combine(tmp, $"automl_child_{name}_{stamp}.crash");
        if (Environment.GetEnvironmentVariable("DOTNET_DbgEnableMiniDump") is null)
        {
            psi.Environment["DOTNET_DbgEnableMiniDump"] = "1";
            psi.Environment["DOTNET_EnableCrashReportOnly"] = "1";
            psi.Environment["DOTNET_DbgMiniDumpName"] = crashStem;
        }
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string text = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        string err = await stderr;
        if (err.Length > 0) File.WriteAllText(stderrFile, err);
        string? line = text.Split('\n').LastOrDefault(l => l.StartsWith("RESULT "));
        if (line is null)
        {
            // Exit codes above 128 are 128 + the signal that killed the child (139: SIGSEGV, 134: SIGABRT, 137: SIGKILL).
            string why = p.ExitCode > 128 ? $"exit {p.ExitCode} (signal {p.ExitCode - 128})" : $"exit {p.ExitCode}";
            string report = crashStem + ".crashreport.json";
            string where = string.Join("; ", new[] { err.Length > 0 ? "stderr " + stderrFile : null, File.Exists(report) ? "crash report " + report : null }.OfType<string>());
            line = "RESULT " + JsonSerializer.Serialize(new { error = where.Length > 0 ? $"{why}; {where}" : why });
        }
        Console.WriteLine(line);
        return line[7..] + "\t" + sw.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <summary>The scikit-learn peer (<c>benchmarks/automl_sklearn.py</c>) on the given data folder: its output.</summary>
    private static async Task<string> RunPeerAsync(string root, string data, IEnumerable<string> names)
    {
        Console.WriteLine($"== scikit-learn peer, data {data}");
        var py = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        py.ArgumentList.Add(Path.Combine(root, "benchmarks", "automl_sklearn.py"));
        py.ArgumentList.Add(data);
        py.ArgumentList.Add(string.Join(",", names));
        using var pp = Process.Start(py)!;
        string text = await pp.StandardOutput.ReadToEndAsync();
        await pp.WaitForExitAsync();
        if (pp.ExitCode != 0) throw new InvalidOperationException($"automl_sklearn.py on {data} exited with {pp.ExitCode}");
        return text;
    }

    private static Dictionary<string, JsonElement> ParsePeer(string pyText) =>
        pyText.Split('\n').Where(l => l.StartsWith("RESULT ")).Select(l => JsonDocument.Parse(l[7..]).RootElement.Clone())
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e);

    /// <summary>
    /// <c>automl --resplit K</c>: the same comparison on K fresh train/test splits of each set (train and test pooled, a new
    /// test part of the same size drawn with seeds 1..K, stratified for classification; <c>benchmarks/resplit.py</c>).
    /// On sets whose test part has 30 or 50 rows one split cannot tell a real gap from luck; several can.
    /// </summary>
    private static async Task<int> RunResplitAsync(string root, string shared, List<(string Name, string Label, string Metric)> sets, int k, double time, int jobs, string output)
    {
        string dir = Path.Combine(root, "benchmarks", "tmp", "resplit");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        var py = new ProcessStartInfo("/usr/bin/python3") { UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(root, "benchmarks", "resplit.py"), shared, dir, string.Join(",", sets.Select(s => s.Name)), k.ToString(CultureInfo.InvariantCulture) })
            py.ArgumentList.Add(a);
        using (var p = Process.Start(py)!)
        {
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) { Console.Error.WriteLine($"resplit.py exited with {p.ExitCode}"); return 1; }
        }
        string loadStart = LoadAverage();
        // (set, split) -> (DeepRoad's test value, the peer's search and stacking values)
        var results = new List<(string Set, string Metric, int Split, double? Ours, double Search, double Stack, string Note)>();
        for (int split = 1; split <= k; split++)
        {
            string data = Path.Combine(dir, $"split{split}");
            var peer = ParsePeer(await RunPeerAsync(root, data, sets.Select(s => s.Name)));
            foreach (var s in sets)
            {
                using var d = JsonDocument.Parse(( await RunOneChildAsync(data, s.Name, s.Label, s.Metric, time, jobs)).Split('\t')[0]);
                var e = d.RootElement;
                var pe = peer[s.Name];
                double? ours = e.TryGetProperty("value", out var v) ? v.GetDouble() : null;
                string note = e.TryGetProperty("error", out var err) ? err.GetString()! : $"{e.GetProperty("members").GetInt32()} {e.GetProperty("final").GetString()}, {e.GetProperty("used").GetDouble():0} s";
                results.Add((s.Name, s.Metric, split, ours, pe.GetProperty("search").GetDouble(), pe.GetProperty("stacking").GetDouble(), note));
            }
        }
        File.WriteAllText(output, RenderResplit(results, k, time, jobs, $"load average (1/5/15 min) {loadStart} at the start, {LoadAverage()} at the end"));
        Console.WriteLine($"wrote {output}");
        return 0;
    }

    private static string RenderResplit(List<(string Set, string Metric, int Split, double? Ours, double Search, double Stack, string Note)> results, int k, double time, int jobs, string load)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine($"# AutoML on {k} fresh splits");
        sb.AppendLine();
        sb.AppendLine($"Each set's train.csv and test.csv pooled and split again with seeds 1..{k} (`benchmarks/resplit.py`: the original test size,");
        sb.AppendLine($"stratified for classification). DeepRoad AutoML ({time:0} s, {jobs} workers, seed 0) and the scikit-learn peer (`benchmarks/automl_sklearn.py`)");
        sb.AppendLine("fit each split's train part and are scored on its test part. The peer's entry is the better of its two on each test part,");
        sb.AppendLine("as in the main table. Higher is better for roc_auc and accuracy, lower for rmse.");
        sb.AppendLine();
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {load}.");
        sb.AppendLine($"Reproduce: `dotnet run -c Release --project DeepRoad.Benchmarks -- automl --time {time:0} --jobs {jobs} --resplit {k} --sets {string.Join(",", results.Select(r => r.Set).Distinct())}`.");
        sb.AppendLine();
        sb.AppendLine("| dataset | metric | split | DeepRoad | sklearn search | sklearn stacking | DeepRoad - better peer | DeepRoad - stacking | DeepRoad run |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        string P(string metric, double x) => metric == "rmse" ? x.ToString("0.####", inv) : x.ToString("0.0000", inv);
        string D(string metric, double delta) => (delta >= 0 ? "+" : "") + (metric == "rmse" ? delta.ToString("0.###", inv) : (delta * 100).ToString("0.00", inv) + " pt");
        foreach (var r in results)
        {
            bool higher = r.Metric != "rmse";
            double best = higher ? Math.Max(r.Search, r.Stack) : Math.Min(r.Search, r.Stack);
            string d1 = "", d2 = "";
            if (r.Ours is { } o) { d1 = D(r.Metric, higher ? o - best : best - o); d2 = D(r.Metric, higher ? o - r.Stack : r.Stack - o); }
            sb.AppendLine($"| {r.Set} | {r.Metric} | {r.Split} | {(r.Ours is { } x ? P(r.Metric, x) : "error")} | {P(r.Metric, r.Search)} | {P(r.Metric, r.Stack)} | {d1} | {d2} | {r.Note.Replace("|", "/")} |");
        }
        sb.AppendLine();
        sb.AppendLine("| dataset | splits | DeepRoad mean | better-peer mean | sklearn stacking mean | DeepRoad at or above the better peer | more than 1 pt below it |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in results.Where(r => r.Ours is not null).GroupBy(r => (r.Set, r.Metric)))
        {
            bool higher = g.Key.Metric != "rmse";
            double Best(double a, double b) => higher ? Math.Max(a, b) : Math.Min(a, b);
            int ok = g.Count(r => higher ? r.Ours >= Best(r.Search, r.Stack) : r.Ours <= Best(r.Search, r.Stack));
            int far = g.Key.Metric == "rmse" ? 0 : g.Count(r => Best(r.Search, r.Stack) - r.Ours > 0.01);
            sb.AppendLine($"| {g.Key.Set} | {g.Count()} | {P(g.Key.Metric, g.Average(r => r.Ours!.Value))} | {P(g.Key.Metric, g.Average(r => Best(r.Search, r.Stack)))} | {P(g.Key.Metric, g.Average(r => r.Stack))} | {ok} of {g.Count()} | {(g.Key.Metric == "rmse" ? "" : far.ToString(inv))} |");
        }
        return sb.ToString();
    }

    private static async Task<int> RunOneAsync(string[] a)
    {
        string shared = a[0], name = a[1], label = a[2], metricName = a[3];
        double time = double.Parse(a[4], CultureInfo.InvariantCulture);
        int jobs = int.Parse(a[5], CultureInfo.InvariantCulture);
        var metric = DeepRoad.Pipelines.Metrics.MetricNames.Parse(metricName);
        var o = new AutoMLOptions { LabelColumn = label, Metric = metric, TimeBudget = TimeSpan.FromSeconds(time), Workers = jobs, Seed = 0 };
        var sw = Stopwatch.StartNew();
        string json;
        // DEEPROAD_TRIM_STRESS=MS: glibc's malloc_trim(0) every that many milliseconds besides AutoML's own (a crash hunt:
        // a trim unmaps free heap pages, so native code that reads memory after freeing it faults soon instead of never).
        using var trimStress = Environment.GetEnvironmentVariable("DEEPROAD_TRIM_STRESS") is { } ms && int.TryParse(ms, out var period)
            ? new Timer(_ => DeepRoad.AutoML.Search.NativeHeap.Trim(), null, period, period)
            : null;
        // DEEPROAD_MEMLOG=SECONDS: every that many seconds, the working set, the managed heap and the trials so far on stderr.
        int trialsSoFar = 0;
        using var memLog = Environment.GetEnvironmentVariable("DEEPROAD_MEMLOG") is { } every && double.TryParse(every, CultureInfo.InvariantCulture, out var secs)
            ? new Timer(_ =>
            {
                var info = GC.GetGCMemoryInfo();
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"MEM {sw.Elapsed.TotalSeconds:0} s: working set {Environment.WorkingSet / 1048576} MB, managed heap {info.HeapSizeBytes / 1048576} MB (committed {info.TotalCommittedBytes / 1048576} MB), {Volatile.Read(ref trialsSoFar)} trials"));
            }, null, TimeSpan.FromSeconds(secs), TimeSpan.FromSeconds(secs))
            : null;
        // When the search ended and the final model's phase began (how much of the budget ensembling takes).
        double ensembleAt = double.NaN;
        bool trace = Environment.GetEnvironmentVariable("DEEPROAD_TRACE") == "1";
        var progress = new Progress<AutoMLProgress>(p =>
        {
            Volatile.Write(ref trialsSoFar, p.TrialsFinished);
            // DEEPROAD_TRACE=1: every progress report on stderr, with the clock (where a run's time goes).
            if (trace)
                Console.Error.WriteLine(FormattableString.Invariant(
                    $"TRACE {sw.Elapsed.TotalSeconds:0.0} s (run clock {p.Elapsed.TotalSeconds:0.0} s) {p.Phase}{(p.Trial is { } t ? $" trial {t.Number} {t.Trainer} {t.State} fit {t.FitTime.TotalSeconds:0.0} s" : "")}"));
            if (p.Phase == "ensemble") ensembleAt = p.Elapsed.TotalSeconds;
        });
        try
        {
            // DEEPROAD_SHARE_FEATURES=0: every trial fits its featurizer on every fold (what the shared rows are measured against).
            var experiment = new AutoMLExperiment(new MLContext(0), o) { ShareFeaturizedRows = Environment.GetEnvironmentVariable("DEEPROAD_SHARE_FEATURES") != "0" };
            var r = await experiment.FitAsync(Path.Combine(shared, name, "train.csv"), progress);
            double used = sw.Elapsed.TotalSeconds;
            // Optional seventh argument: where to write the leaderboard (to see which trials the budget went to).
            if (a.Length > 6) File.WriteAllText(a[6], r.Leaderboard.ToCsv());
            var test = r.Model.Evaluate(Path.Combine(shared, name, "test.csv"));
            double value = metricName switch { "roc_auc" => test["auc"], "accuracy" => test["accuracy"], _ => test["rmse"] };
            json = JsonSerializer.Serialize(new
            {
                value, used, trials = r.Leaderboard.Trials.Count, complete = r.Leaderboard.Ranked.Count, members = r.Ensemble.Count, final = r.FinalMethod.ToString(),
                best = r.Leaderboard.Best?.Trainer.ToString(), peak_mb = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0),
                // The final model's members as trainer#trial:weight (which families the ensemble actually uses).
                member_list = string.Join(",", r.Ensemble.Select(m => FormattableString.Invariant($"{m.Trainer}#{m.Trial}:{m.Weight:0.###}"))),
                // Whether the per-trainer average was taken, and why the final model is what it is.
                trainer_average = r.UsedTrainerAverage, reason = r.FinalModelReason, ensemble_at = double.IsNaN(ensembleAt) ? (double?)null : ensembleAt,
                // Full collections in the process, and the time the GC held every thread.
                gen2 = GC.CollectionCount(2), gc_pause_s = GC.GetTotalPauseDuration().TotalSeconds,
            });
        }
        catch (Exception ex)
        {
            json = JsonSerializer.Serialize(new { error = ex.GetType().Name + ": " + ex.Message, used = sw.Elapsed.TotalSeconds });
        }
        Console.WriteLine("RESULT " + json);
        return 0;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string Render(List<string> rows, Dictionary<string, JsonElement> peer, double time, int jobs, string load = "")
    {
        var sb = new StringBuilder();
        sb.AppendLine("# AutoML benchmark");
        sb.AppendLine();
        sb.AppendLine($"DeepRoad AutoML with a {time:0} s budget and {jobs} workers on every set in `../shared/data` (train.csv to fit, test.csv to score),");
        sb.AppendLine("each set in its own child process (peak memory = that process's peak working set). The scikit-learn peer ran in the same");
        sb.AppendLine("session on the same files: HistGradientBoosting + RandomizedSearchCV (20 candidates x 5-fold, on the first 1000 training rows");
        sb.AppendLine("for large sets, then refit on all rows; TF-IDF + logistic regression for text; 8x8 pixels for digits) and a StackingClassifier /");
        sb.AppendLine("StackingRegressor; the better of the two is the peer's entry. Higher is better for roc_auc and accuracy, lower for rmse.");
        sb.AppendLine();
        sb.AppendLine($"Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on a shared 2-core machine (other engineers' builds and tests ran at the same time, so seconds are inflated and noisy); {load}.");
        sb.AppendLine();
        sb.AppendLine("Reproduce: `apt-get install -y python3-sklearn python3-pandas python3-pil` then");
        sb.AppendLine($"`dotnet run -c Release --project DeepRoad.Benchmarks -- automl --time {time:0} --jobs {jobs}` (add `--sets adult,iris` for a subset).");
        sb.AppendLine();
        sb.AppendLine("| dataset | metric | DeepRoad test | time used (s) | trials (complete) | members (final method) | best trainer | peak MB | sklearn HGB search | sklearn stacking | sklearn fit s (search / stack) | DeepRoad - best peer |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        int wins = 0, count = 0;
        foreach (var row in rows)
        {
            var parts = row.Split('\t');
            string name = parts[0], metric = parts[1];
            using var d = JsonDocument.Parse(parts[2]);
            var e = d.RootElement;
            bool higher = metric != "rmse";
            string P(double v) => metric == "rmse" ? v.ToString("0.####", CultureInfo.InvariantCulture) : v.ToString("0.0000", CultureInfo.InvariantCulture);
            string peerSearch = "", peerStack = "", peerTimes = "", diff = "";
            double? best = null;
            if (peer.TryGetValue(name, out var pe))
            {
                double hs = pe.GetProperty("search").GetDouble(), st = pe.GetProperty("stacking").GetDouble();
                peerSearch = P(hs);
                peerStack = P(st);
                peerTimes = $"{pe.GetProperty("search_s").GetDouble():0.0} / {pe.GetProperty("stacking_s").GetDouble():0.0}";
                best = higher ? Math.Max(hs, st) : Math.Min(hs, st);
            }
            if (e.TryGetProperty("error", out var err))
            {
                // A child that died has no "used" of its own: its wall time stands in. A failed set counts as not matching the peer.
                string used = e.TryGetProperty("used", out var u) ? u.GetDouble().ToString("0.0", CultureInfo.InvariantCulture)
                    : parts.Length > 3 ? parts[3] + " (wall)" : "";
                if (best is not null) count++;
                sb.AppendLine($"| {name} | {metric} | error: {err.GetString()!.Replace("|", "/")} | {used} | | | | | {peerSearch} | {peerStack} | {peerTimes} | failed |");
                continue;
            }
            double v = e.GetProperty("value").GetDouble();
            if (best is { } b)
            {
                double delta = higher ? v - b : b - v;
                diff = (delta >= 0 ? "+" : "") + (metric == "rmse" ? delta.ToString("0.###", CultureInfo.InvariantCulture) : (delta * 100).ToString("0.00", CultureInfo.InvariantCulture) + " pt");
                count++;
                if (delta >= 0) wins++;
            }
            sb.AppendLine($"| {name} | {metric} | {P(v)} | {e.GetProperty("used").GetDouble():0.0} | {e.GetProperty("trials").GetInt32()} ({e.GetProperty("complete").GetInt32()}) | {e.GetProperty("members").GetInt32()}{(e.TryGetProperty("final", out var fm) ? " " + fm.GetString() : "")} | {e.GetProperty("best").GetString()} | {e.GetProperty("peak_mb").GetDouble():0} | {peerSearch} | {peerStack} | {peerTimes} | {diff} |");
        }
        sb.AppendLine();
        sb.AppendLine($"DeepRoad at {time:0} s matches or beats the better scikit-learn entry on {wins} of {count} sets. (\"pt\" = percentage points; rmse difference in label units, positive = DeepRoad better.)");
        sb.AppendLine("Time used = wall time from FitAsync start to its return (search, ensemble selection, refit); the deadline overshoot is time used minus the budget.");
        return sb.ToString();
    }

    private static double Get(string[] a, string name, double def)
    {
        int i = Array.IndexOf(a, name);
        return i >= 0 && i + 1 < a.Length ? double.Parse(a[i + 1], CultureInfo.InvariantCulture) : def;
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "DeepRoad.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"DeepRoad.sln not found above the current directory ({Directory.GetCurrentDirectory()}) or the benchmark binary ({AppContext.BaseDirectory}): run the benchmarks from inside the repository, where they write their results.");
    }
}
