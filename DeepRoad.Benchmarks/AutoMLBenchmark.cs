using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepRoad.AutoML;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project DeepRoad.Benchmarks -- automl [--time S] [--jobs N] [--sets a,b] [--out FILE]</c>:
/// AutoML on every set in ../shared/data, each in a child process (so peak memory is per set), with
/// scikit-learn's HistGradientBoosting + RandomizedSearchCV and Stacking measured in the same run.
/// </summary>
public static class AutoMLBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "one") return await RunOneAsync(args[1..]);
        if (args.Length > 0 && args[0] == "finals") return await FinalMethodExperiment.RunAsync(args[1..]);
        double time = Get(args, "--time", 60);
        int jobs = (int)Get(args, "--jobs", 2);
        string root = FindRoot();
        string shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        if (!Directory.Exists(shared)) shared = "/work/shared/data";
        string output = GetS(args, "--out") ?? Path.Combine(root, "benchmarks", "results", "automl.md");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(shared, "datasets.json")));
        var sets = doc.RootElement.GetProperty("datasets").EnumerateArray()
            .Select(d => (Name: d.GetProperty("name").GetString()!, Label: d.GetProperty("label").GetString()!, Metric: d.GetProperty("metric").GetString()!, Task: d.GetProperty("task").GetString()!))
            .ToList();
        if (GetS(args, "--sets") is { } only) sets = sets.Where(s => only.Split(',').Contains(s.Name)).ToList();

        string loadStart = LoadAverage();
        var rows = new List<string>();
        string rowsFile = GetS(args, "--rows") ?? Path.Combine(root, "benchmarks", "tmp", "automl_deeproad.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(rowsFile)!);
        bool renderOnly = args.Contains("--render");
        if (renderOnly) rows.AddRange(File.ReadAllLines(rowsFile).Where(l => l.Length > 0));
        else File.WriteAllText(rowsFile, "");
        var self = Environment.ProcessPath!;
        // Under `dotnet X.dll` the child needs the dll as its first argument; under the apphost (`dotnet run`) it does not.
        bool viaHost = Path.GetFileNameWithoutExtension(self) == "dotnet";
        var selfArgs = viaHost && Environment.GetCommandLineArgs()[0].EndsWith(".dll") ? new[] { Environment.GetCommandLineArgs()[0] } : [];
        foreach (var s in renderOnly ? [] : sets)
        {
            Console.WriteLine($"== {s.Name} ({s.Task}, {s.Metric}) DeepRoad {time} s, {jobs} workers");
            var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in selfArgs.Concat(["automl", "one", shared, s.Name, s.Label, s.Metric, time.ToString(CultureInfo.InvariantCulture), jobs.ToString(CultureInfo.InvariantCulture)])) psi.ArgumentList.Add(a);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            string text = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            string line = text.Split('\n').LastOrDefault(l => l.StartsWith("RESULT ")) ?? $"RESULT {{\"error\":\"exit {p.ExitCode}\"}}";
            Console.WriteLine(line);
            rows.Add(s.Name + "\t" + s.Metric + "\t" + line[7..] + "\t" + sw.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            File.AppendAllText(rowsFile, rows[^1] + "\n");
        }
        // scikit-learn peer, same sets, same machine, same session: run here, or read the output of a
        // concurrent `python3 benchmarks/automl_sklearn.py DATA SETS > FILE` run given as --peer FILE.
        string pyText;
        if (GetS(args, "--peer") is { } peerFile)
        {
            Console.WriteLine($"== scikit-learn peer from {peerFile}");
            pyText = File.ReadAllText(peerFile);
        }
        else
        {
            Console.WriteLine("== scikit-learn peer");
            var py = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
            py.ArgumentList.Add(Path.Combine(root, "benchmarks", "automl_sklearn.py"));
            py.ArgumentList.Add(shared);
            py.ArgumentList.Add(string.Join(",", sets.Select(s => s.Name)));
            using var pp = Process.Start(py)!;
            pyText = await pp.StandardOutput.ReadToEndAsync();
            await pp.WaitForExitAsync();
        }
        var peer = pyText.Split('\n').Where(l => l.StartsWith("RESULT ")).Select(l => JsonDocument.Parse(l[7..]).RootElement.Clone())
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e);
        File.WriteAllText(output, Render(rows, peer, time, jobs, $"load average (1/5/15 min) {loadStart} at the start, {LoadAverage()} at the end"));
        Console.WriteLine($"wrote {output}");
        return 0;
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
        var progress = new Progress<AutoMLProgress>(p =>
        {
            Volatile.Write(ref trialsSoFar, p.TrialsFinished);
            if (p.Phase == "ensemble") ensembleAt = p.Elapsed.TotalSeconds;
        });
        try
        {
            var r = await new MLContext(0).DeepRoad().AutoML(o).FitAsync(Path.Combine(shared, name, "train.csv"), progress);
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
                sb.AppendLine($"| {name} | {metric} | error: {err.GetString()!.Replace("|", "/")} | {e.GetProperty("used").GetDouble():0.0} | | | | | {peerSearch} | {peerStack} | {peerTimes} | |");
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

    private static string? GetS(string[] a, string name)
    {
        int i = Array.IndexOf(a, name);
        return i >= 0 && i + 1 < a.Length ? a[i + 1] : null;
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "DeepRoad.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("DeepRoad.sln not found.");
    }
}
