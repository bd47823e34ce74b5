using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DeepRoad.AutoML;
using DeepRoad.AutoML.Reporting;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Spectre.Console;

namespace DeepRoad.Cli.Commands;

/// <summary>
/// <c>deeproad automl --train FILE --label COL [...]</c>: searches pipelines and trainers under a time or trial budget,
/// ensembles the best, and writes model.zip, leaderboard.csv, report.html (and metrics.json with --test) to --out.
/// </summary>
public static class AutomlCommand
{
    /// <summary>Everything one automl run needs (the default command fills it in for the shipped data).</summary>
    public sealed record Request(
        string Train, string? Test, string? Label, AutoMLTask Task, double? TimeSeconds, int? Trials, MetricKind? Metric,
        int Jobs, int Seed, string Out, int? Folds, string? Study, int? Repeats = null, bool? Refit = null, int? MemoryLimitMb = null, bool? Deep = null, double? Holdout = null,
        IReadOnlyList<AutoMLTrainer>? Trainers = null, bool? CalibrateThreshold = null, int? TreeThreads = null, string? Group = null,
        IReadOnlyList<string>? Ignore = null, string? TimeOrder = null);

    public static Command Create()
    {
        var train = new Option<string>("--train") { Description = "Training CSV/TSV with a header row, or a folder with one sub-folder of images per class.", Required = true };
        var test = new Option<string?>("--test") { Description = "Optional labelled test file (or class folders); its metrics go to metrics.json." };
        var label = new Option<string?>("--label") { Description = "Label column name (for a folder of class sub-folders: the name given to the class, 'Label' unless set)." };
        var task = new Option<AutoMLTask>("--task") { Description = "auto, binary, multiclass or regression.", DefaultValueFactory = _ => AutoMLTask.Auto };
        var time = new Option<double?>("--time") { Description = "Time budget in seconds (default 60 unless --trials is given)." };
        var trials = new Option<int?>("--trials") { Description = "Maximum number of trials." };
        var metric = new Option<string>("--metric") { Description = "auto, or a metric name: accuracy, macro_f1, roc_auc (auc), log_loss, rmse, mae, r2, ...", DefaultValueFactory = _ => "auto" };
        var jobs = new Option<int>("--jobs") { Description = "Trials run in parallel.", DefaultValueFactory = _ => Math.Max(1, Math.Min(2, Environment.ProcessorCount)) };
        var seed = new Option<int>("--seed") { Description = "Master seed.", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out") { Description = "Output folder (default runs/<timestamp>)." };
        var folds = new Option<int?>("--folds") { Description = "Cross-validation folds (default 5; given, it also keeps k-fold cross-validation on 100 000 rows or more, which otherwise validate on a holdout)." };
        var holdout = new Option<double?>("--holdout") { Description = "Validate on one stratified holdout of this fraction (0 to 1, e.g. 0.2) instead of k-fold cross-validation: one fit per trial, for large data on a short budget; the final members are refitted on all rows. Default: k-fold below 100 000 training rows, a holdout of 20 000 rows' worth (5-20 %) from there." };
        var repeats = new Option<int?>("--repeats") { Description = "Repeat the cross-validation on fresh shuffles and average (default: automatic, 3 up to 333 rows, 2 up to 500, else 1)." };
        var refit = new Option<bool?>("--refit") { Description = "Refit the final members on all rows (true: a lighter model) or serve each as the average of its fold models (false). Default: only with a holdout." };
        var study = new Option<string?>("--study") { Description = "SQLite file that keeps the study so an interrupted run resumes." };
        var memory = new Option<int?>("--memory-limit") { Description = "Process memory in MiB above which running trials are cancelled and recorded as failed (default: no limit)." };
        var deep = new Option<string>("--deep")
        {
            Description = "TorchSharp deep models: true adds the MLP, the CNN (image columns) and the LSTM/GRU (text columns); false leaves all out; auto (default): the CNN when the data has an image column.",
            DefaultValueFactory = _ => "auto",
        };
        var trainers = new Option<string?>("--trainers")
        {
            Description = "Comma-separated trainers to search (default: all that suit the data): " + string.Join(", ", TrainerNames.Keys) + ".",
        };
        var calibrate = new Option<string>("--calibrate-threshold")
        {
            Description = "Binary tasks: tune the decision threshold on the final model's out-of-fold predictions to maximise --metric, " +
                "kept when thresholds tuned on four fifths of those rows also beat 0.5 on the fifth. " +
                "auto (default): for f1, balanced_accuracy, macro_f1 and weighted_f1; on: also for accuracy; off: 0.5.",
            DefaultValueFactory = _ => "auto",
        };
        var treeThreads = new Option<int?>("--tree-threads")
        {
            Description = "Threads of each tree-ensemble fit (FastTree, FastForest, LightGbm, extra trees, random forest). Default: from 1000 training rows, the cores shared out between " +
                "the --jobs in the search and all of them in the final refit; one below. Their models do not depend on it.",
        };
        var group = new Option<string?>("--group")
        {
            Description = "A column whose rows belong together (a patient, customer or session id): each group's rows stay in one validation fold, so models are scored on groups " +
                "they never saw (stratified group k-fold for classification). The column is not a feature, and prediction does not need it.",
        };
        var timeOrder = new Option<string?>("--time-order")
        {
            Description = "A date or number column that orders the rows in time: validation trains on the past and scores the future (expanding-window splits over the rows " +
                "sorted by it; with a holdout, the latest rows). The column stays a feature; the final members are refitted on all rows.",
        };
        var ignore = new Option<string?>("--ignore") { Description = "Comma-separated columns to leave out of the features (prediction does not need them)." };
        var cmd = new Command("automl", "Search pipelines and trainers, ensemble the best, write model, leaderboard and report.");
        foreach (var o in new Option[] { train, test, label, task, time, trials, metric, jobs, seed, output, folds, holdout, repeats, refit, study, memory, deep, trainers, calibrate, treeThreads, group, timeOrder, ignore }) cmd.Options.Add(o);
        cmd.SetAction((p, ct) => RunAsync(new Request(
            p.GetValue(train)!, p.GetValue(test), p.GetValue(label), p.GetValue(task), p.GetValue(time), p.GetValue(trials), ParseMetric(p.GetValue(metric)),
            p.GetValue(jobs), p.GetValue(seed), p.GetValue(output) ?? DefaultOut(), p.GetValue(folds), p.GetValue(study), p.GetValue(repeats), p.GetValue(refit), p.GetValue(memory), ParseDeep(p.GetValue(deep)), p.GetValue(holdout),
            ParseTrainers(p.GetValue(trainers)), ParseOnOff(p.GetValue(calibrate), "--calibrate-threshold"), p.GetValue(treeThreads), p.GetValue(group),
            ParseColumns(p.GetValue(ignore)), p.GetValue(timeOrder)), ct));
        return cmd;
    }

    /// <summary>"auto" (or nothing) picks the task's metric; anything else goes through MetricNames.Parse (error names --metric).</summary>
    public static MetricKind? ParseMetric(string? name) =>
        string.IsNullOrWhiteSpace(name) || name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase) ? null : MetricNames.Parse(name, "--metric");

    /// <summary>"auto" (or nothing): null, the library's automatic choice; "true"/"false": on or off; anything else names --deep.</summary>
    public static bool? ParseDeep(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "true" => true,
        "false" => false,
        _ => throw new ArgumentException($"--deep must be auto, true or false, got '{value}'."),
    };

    /// <summary>"auto" (or nothing): null; "on"/"true": true; "off"/"false": false; anything else is an error naming <paramref name="option"/>.</summary>
    public static bool? ParseOnOff(string? value, string option) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "on" or "true" => true,
        "off" or "false" => false,
        _ => throw new ArgumentException($"{option} must be auto, on or off, got '{value}'."),
    };

    /// <summary>The names --trainers takes (lower case; the enum's names match too, in any case).</summary>
    /// <summary>Comma-separated column names (blanks around them trimmed); null when none are given.</summary>
    internal static IReadOnlyList<string>? ParseColumns(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static readonly Dictionary<string, AutoMLTrainer> TrainerNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["lightgbm"] = AutoMLTrainer.LightGbm, ["fasttree"] = AutoMLTrainer.FastTree, ["fastforest"] = AutoMLTrainer.FastForest,
        ["sdca"] = AutoMLTrainer.SdcaLinear, ["lbfgs"] = AutoMLTrainer.LbfgsLinear, ["elasticnet"] = AutoMLTrainer.ElasticNet,
        ["extratrees"] = AutoMLTrainer.ExtraTrees, ["randomforest"] = AutoMLTrainer.RandomForest, ["naivebayes"] = AutoMLTrainer.NaiveBayes,
        ["knn"] = AutoMLTrainer.KNearestNeighbors,
        ["mlp"] = AutoMLTrainer.Mlp, ["cnn"] = AutoMLTrainer.Cnn, ["recurrent"] = AutoMLTrainer.Recurrent,
    };

    /// <summary>"auto" (or nothing): null, every trainer that suits the data; else a comma-separated list, an unknown name an error naming --trainers.</summary>
    public static IReadOnlyList<AutoMLTrainer>? ParseTrainers(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase)) return null;
        var list = new List<AutoMLTrainer>();
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            bool known = TrainerNames.TryGetValue(name, out var t)
                || Enum.GetNames<AutoMLTrainer>().FirstOrDefault(n => n.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } full && Enum.TryParse(full, out t);
            if (!known)
                throw new ArgumentException($"--trainers: unknown trainer '{name}'; known: {string.Join(", ", TrainerNames.Keys)}.");
            if (!list.Contains(t)) list.Add(t);
        }
        return list.Count == 0 ? throw new ArgumentException($"--trainers names no trainer ('{value}').") : list;
    }

    public static string DefaultOut() => Path.Combine("runs", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

    public static async Task<int> RunAsync(Request r, CancellationToken ct)
    {
        bool folder = Directory.Exists(r.Train);
        if (!File.Exists(r.Train) && !folder) throw new FileNotFoundException($"--train: {r.Train}: file not found.", r.Train);
        if (r.Test is not null && !File.Exists(r.Test) && !Directory.Exists(r.Test)) throw new FileNotFoundException($"--test: {r.Test}: file not found.", r.Test);
        string labelName = string.IsNullOrWhiteSpace(r.Label)
            ? folder ? DeepRoad.Pipelines.Loading.ImageFolder.DefaultLabelColumn : throw new ArgumentException($"--label is required: the name of the label column in {r.Train}.")
            : r.Label;
        if (r.TimeSeconds is { } t && t <= 0) throw new ArgumentException($"--time must be positive, got {t}.");
        if (r.Holdout is { } h && (h <= 0 || h >= 1)) throw new ArgumentException($"--holdout must be a fraction between 0 and 1 (for example 0.2), got {h.ToString(CultureInfo.InvariantCulture)}.");
        if (r.MemoryLimitMb is { } mb && mb < 64) throw new ArgumentException($"--memory-limit must be at least 64 (MiB), got {mb}.");
        if (r.TreeThreads is < 1) throw new ArgumentException($"--tree-threads must be at least 1, got {r.TreeThreads}.");
        var options = new AutoMLOptions
        {
            LabelColumn = labelName, Task = r.Task, Metric = r.Metric, Workers = r.Jobs, Seed = r.Seed, Folds = r.Folds ?? 5, HoldoutFraction = r.Holdout,
            AutoHoldoutRows = r.Folds is null ? AutoMLOptions.DefaultAutoHoldoutRows : null, Repeats = r.Repeats, Refit = r.Refit, StudyPath = r.Study, AllowDeepModels = r.Deep, Trainers = r.Trainers,
            CalibrateDecisionThreshold = r.CalibrateThreshold, TreeThreads = r.TreeThreads,
            GroupColumn = string.IsNullOrWhiteSpace(r.Group) ? null : r.Group, IgnoreColumns = r.Ignore ?? [],
            TimeOrderColumn = string.IsNullOrWhiteSpace(r.TimeOrder) ? null : r.TimeOrder,
            MaxTrials = r.Trials, MemoryLimitBytes = r.MemoryLimitMb is { } limit ? (long)limit << 20 : null,
            TimeBudget = r.TimeSeconds is { } s ? TimeSpan.FromSeconds(s) : r.Trials is null ? TimeSpan.FromSeconds(60) : null,
        };
        var ml = new MLContext(r.Seed);
        var experiment = ml.DeepRoad().AutoML(options);
        // A test file that cannot be scored (a missing column, an empty label, a class never seen in training) fails
        // now, not after the whole time budget has been spent on the search.
        if (r.Test is not null) experiment.CheckTestFile(r.Train, r.Test);
        var console = CliConsole.Create();
        console.MarkupLine($"[bold]DeepRoad AutoML[/] on [blue]{Markup.Escape(r.Train)}[/], label [blue]{Markup.Escape(labelName)}[/], " +
            $"budget {(options.TimeBudget is { } b ? $"{b.TotalSeconds:0} s" : "no time limit")}{(options.MaxTrials is { } m ? $", {m} trials" : "")}, {r.Jobs} worker(s)");

        AutoMLResult? result = null;
        await CliProgress.RunAsync(console, "searching", async bar =>
        {
            var progress = CliProgress.Handler<AutoMLProgress>(e =>
            {
                string best = e.BestScore is { } bs ? $"best {bs:0.####} ({e.BestTrainer})" : "no result yet";
                string resumed = e.TrialsResumed > 0 ? $" ({e.TrialsResumed} resumed)" : "";
                bar.Update(e.Fraction, $"{e.Phase}: {e.TrialsFinished} trials{resumed}, {best}", milestone: $"{e.Phase} {best}");
            });
            result = await experiment.FitAsync(r.Train, progress, ct);
        });

        var res = result!;
        var written = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(r.Out);
        string modelPath = Path.Combine(r.Out, "model.zip");
        res.Save(modelPath);
        AtomicFile.WriteAllText(Path.Combine(r.Out, "leaderboard.csv"), res.Leaderboard.ToCsv());
        IReadOnlyDictionary<string, double>? testMetrics = null;
        if (r.Test is not null)
        {
            testMetrics = res.Model.Evaluate(r.Test);
            WriteMetricsJson(Path.Combine(r.Out, "metrics.json"), res.Model.Task, testMetrics);
        }
        string reportPath = Path.Combine(r.Out, "report.html");
        HtmlReport.Write(res, reportPath, new ReportOptions { TrainPath = r.Train, TestPath = r.Test, TestMetrics = testMetrics });
        written.Stop();

        PrintLeaderboard(res);
        foreach (var w in res.Schema.Warnings) console.MarkupLine($"[yellow]warning[/]: {Markup.Escape(w)}");
        if (testMetrics is not null)
            console.MarkupLine("[bold]Test metrics[/]: " + Markup.Escape(string.Join(", ", testMetrics.Select(kv => $"{kv.Key} {kv.Value:0.####}"))));
        // The budget is the search's and the final model's (from loading the data on); the model file, the test metrics and
        // the report (permutation importance, at most a tenth of the budget) come after it, and the total says so.
        // The total is the process's, start-up included: what the user waited.
        double total = (DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime).TotalSeconds;
        console.MarkupLine($"Finished in {total:0.0} s (AutoML {res.Elapsed.TotalSeconds:0.0} s{(options.TimeBudget is { } tb ? $" of its {tb.TotalSeconds:0.#} s budget" : "")}, " +
            $"then the model file, {(testMetrics is null ? "" : "test metrics, ")}leaderboard and report {written.Elapsed.TotalSeconds:0.0} s). Model: [green]{Markup.Escape(modelPath)}[/]");
        console.MarkupLine($"Report: [green]{Markup.Escape(Path.GetFullPath(reportPath))}[/]");
        return 0;
    }

    public static void WriteMetricsJson(string path, MLTask task, IReadOnlyDictionary<string, double> metrics)
    {
        string name = task switch { MLTask.BinaryClassification => "binary", MLTask.MulticlassClassification => "multiclass", _ => "regression" };
        var json = JsonSerializer.Serialize(new { task = name, metrics }, new JsonSerializerOptions { WriteIndented = true });
        AtomicFile.WriteAllText(path, json);
    }

    private static void PrintLeaderboard(AutoMLResult res)
    {
        var lb = res.Leaderboard;
        var table = new Table().Title($"Leaderboard ({lb.Metric}, {(lb.HigherIsBetter ? "higher" : "lower")} is better; {lb.Trials.Count} trials)");
        bool logLoss = lb.HasLogLoss;
        foreach (var c in new[] { "rank", "trial", "trainer", "cv " + lb.Metric }.Concat(logLoss ? ["cv log-loss"] : []).Concat(["fit s", "pipeline"])) table.AddColumn(c);
        int rank = 0;
        foreach (var t in lb.Ranked.Take(10))
            table.AddRow(new[] { (++rank).ToString(CultureInfo.InvariantCulture), t.Number.ToString(CultureInfo.InvariantCulture), t.Trainer.ToString(),
                t.Score!.Value.ToString("0.####", CultureInfo.InvariantCulture) }
                .Concat(logLoss ? [t.LogLoss?.ToString("0.####", CultureInfo.InvariantCulture) ?? ""] : [])
                .Concat([t.FitTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), Markup.Escape(t.Pipeline)]).ToArray());
        AnsiConsole.Write(table);
        var states = lb.Trials.GroupBy(t => t.State).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        AnsiConsole.MarkupLine($"Trials: {string.Join(", ", states)}.");
        AnsiConsole.MarkupLine($"Final model: {res.FinalMethod} {(res.Ensemble.Count > 1 ? "of " + res.Ensemble.Count : "")} " +
            Markup.Escape(string.Join(", ", res.Ensemble.Select(m => $"#{m.Trial} {m.Trainer} {m.Weight:0.00}"))) +
            $"; out-of-fold {lb.Metric} {res.EnsembleScore:0.####}" +
            (res.Threshold is { } th && th.Threshold != DecisionThreshold.Default ? $"; decision threshold {th.Threshold:0.####} ({lb.Metric} {th.Score:0.####} there)" : ""));
        AnsiConsole.MarkupLine("Why: " + Markup.Escape(res.FinalModelReason));
    }
}
