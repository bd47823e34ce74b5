using System.CommandLine;
using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Storage;
using Microsoft.ML;
using Spectre.Console;

namespace DeepRoad.Cli.Commands;

/// <summary>
/// <c>deeproad tune --train FILE --label COL --trainer lightgbm --sampler gp --trials N [--time S] [--folds K] [--seed N]
/// [--storage sqlite:PATH --study NAME] [--jobs N] [--out DIR]</c>: cross-validated hyperparameter search of one trainer.
/// </summary>
public static class TuneCommand
{
    /// <summary>Which sampler the command uses.</summary>
    public enum SamplerChoice
    {
        /// <summary>Grid over each parameter.</summary>
        Grid,

        /// <summary>Random search.</summary>
        Random,

        /// <summary>Gaussian-process Bayesian optimisation.</summary>
        Gp,
    }

    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Training CSV/TSV file with a header row.", Required = true };
        var label = new Option<string>("--label") { Description = "Name of the label column.", Required = true };
        var trainer = new Option<TrainerKind>("--trainer") { Description = "Trainer: lightgbm, fasttree, fastforest, sdca, lbfgs.", DefaultValueFactory = _ => TrainerKind.LightGbm };
        var sampler = new Option<SamplerChoice>("--sampler") { Description = "Sampler: grid, random or gp.", DefaultValueFactory = _ => SamplerChoice.Gp };
        var trials = new Option<int>("--trials") { Description = "Total trials in the study.", DefaultValueFactory = _ => 30 };
        var time = new Option<double?>("--time") { Description = "Wall-clock budget in seconds." };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed of folds, sampler and trainers.", DefaultValueFactory = _ => 0 };
        var storage = new Option<string?>("--storage") { Description = "Study storage, sqlite:PATH (resumes when the study exists)." };
        var studyName = new Option<string>("--study") { Description = "Study name in the storage.", DefaultValueFactory = _ => "tune" };
        var jobs = new Option<int>("--jobs") { Description = "Trials run in parallel.", DefaultValueFactory = _ => 1 };
        var maxIterations = new Option<int>("--max-iterations") { Description = "Cap on boosting rounds / trees / solver iterations.", DefaultValueFactory = _ => 300 };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Directory for trials.csv and best.json." };
        var cmd = new Command("tune", "Tune one trainer's hyperparameters by cross-validation (grid, random or Gaussian-process search).");
        foreach (var o in new Option[] { train, label, trainer, sampler, trials, time, folds, seed, storage, studyName, jobs, maxIterations, output }) cmd.Options.Add(o);
        cmd.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(train)!;
            if (!file.Exists) throw new FileNotFoundException($"{file.FullName}: file not found.");
            var n = parse.GetValue(trials);
            if (n < 1) throw new ArgumentException("--trials must be >= 1.");
            var k = parse.GetValue(folds);
            if (k < 2) throw new ArgumentException("--folds must be >= 2.");
            var workers = parse.GetValue(jobs);
            if (workers < 1) throw new ArgumentException("--jobs must be >= 1.");
            var s = parse.GetValue(seed);
            var ml = new MLContext(seed: s);
            var loaded = DataLoader.LoadFile(ml, file.FullName, new DataLoadOptions { Label = parse.GetValue(label) });
            var task = loaded.Schema.Task ?? throw new DeepRoadDataException($"{file.FullName}: could not infer the task of label '{parse.GetValue(label)}'.") { File = file.FullName };
            var data = loaded.WithPreparedLabel(ml);
            // The cache checkpoint keeps multi-pass trainers (SDCA, L-BFGS) from featurizing the rows again on every pass.
            var featurizer = DefaultFeaturizer.Build(ml, loaded.Schema, new FeaturizerOptions());
            var space = TrainerSpaces.For(parse.GetValue(trainer), task, parse.GetValue(maxIterations), s);

            using var store = OpenStorage(parse.GetValue(storage));
            var objective = new CrossValidationObjective(ml, data, p => featurizer.AppendCacheCheckpoint(ml).Append(space.Create(ml, p)), task, new CrossValidationOptions { Folds = k, Seed = s });
            ISampler chosen = parse.GetValue(sampler) switch
            {
                SamplerChoice.Grid => new GridSampler(s, resolution: 3),
                SamplerChoice.Random => new RandomSampler(s),
                _ => new GaussianProcessSampler(s),
            };
            var study = new Study(parse.GetValue(studyName) ?? "tune", space.Space, chosen, store, new StudyOptions { Direction = objective.Direction, Workers = workers });
            var already = study.Trials.Count(t => t.IsFinished);
            var seconds = parse.GetValue(time);
            var budget = new StudyBudget(n, seconds is { } sec ? TimeSpan.FromSeconds(sec) : null);
            var metric = objective.Metrics[0];
            var console = CliConsole.Create();
            if (already > 0) console.MarkupLine($"Resuming study [bold]{Markup.Escape(study.Name)}[/]: {already} trials already finished.");

            StudyResult result = null!;
            string title = $"{space.Kind} {task} ({metric})";
            await CliProgress.RunAsync(console, title, async bar =>
            {
                var progress = CliProgress.Handler<StudyEvent>(e =>
                {
                    string? best = e.BestValue is { } b ? $"best {metric} {b.ToString("F4", CultureInfo.InvariantCulture)}" : null;
                    bar.Update((double)e.FinishedTrials / n, $"{(best is null ? title : $"{space.Kind} {task}: {best}")} ({e.FinishedTrials} of {n} trials)", milestone: best);
                });
                result = await study.OptimizeAsync(objective, budget, progress, ct).ConfigureAwait(false);
            }).ConfigureAwait(false);

            var best = result.BestTrial;
            if (best is null)
            {
                console.MarkupLine("[red]No trial completed.[/]");
            }
            else
            {
                var table = new Table().AddColumn("parameter").AddColumn("value");
                foreach (var (name, value) in best.Parameters) table.AddRow(Markup.Escape(name), Markup.Escape(DeepRoad.Tuning.Spaces.ParameterValues.Format(value)));
                console.Write(table);
                var std = best.Attributes.TryGetValue($"std_{metric}", out var sd) ? $" ± {double.Parse(sd, CultureInfo.InvariantCulture).ToString("F4", CultureInfo.InvariantCulture)}" : "";
                Console.WriteLine(FormattableString.Invariant($"best trial {best.Number}: CV {metric} = {best.Value:F4}{std} ({k} folds, {result.Trials.Count} trials, stop: {result.StopReason})"));
            }
            if (parse.GetValue(output) is { } dir)
            {
                dir.Create();
                var csv = Path.Combine(dir.FullName, "trials.csv");
                // Written whether or not the study was cancelled: the trials that finished are the point of a stopped run.
                AtomicFile.WriteAllText(csv, TrialsCsv(result.Trials, space.Space, objective.Metrics));
                if (best is not null) AtomicFile.WriteAllText(Path.Combine(dir.FullName, "best.json"), best.Parameters.ToJson());
                Console.WriteLine($"wrote {csv}");
            }
            return result.StopReason == StudyStopReason.Cancelled ? 130 : 0;
        });
        return cmd;
    }

    private static IStudyStorage OpenStorage(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) return new InMemoryStudyStorage();
        if (!spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || spec.Length <= 7)
            throw new ArgumentException($"--storage: expected sqlite:PATH, got '{spec}'.");
        return new SqliteStudyStorage(spec[7..]);
    }

    private static string TrialsCsv(IReadOnlyList<FrozenTrial> trials, DeepRoad.Tuning.Spaces.SearchSpace space, IReadOnlyList<MetricKind> metrics)
    {
        static string Q(string s) => s.Contains(',') || s.Contains('"') || s.Contains('\n') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        var sb = new StringBuilder();
        var cols = new List<string> { "number", "state", "value" };
        cols.AddRange(space.Parameters.Select(p => p.Name));
        cols.AddRange(metrics.SelectMany(m => new[] { $"mean_{m}", $"std_{m}" }));
        cols.AddRange(["fit_seconds", "duration_seconds", "error"]);
        sb.AppendLine(string.Join(",", cols));
        foreach (var t in trials)
        {
            var row = new List<string> { t.Number.ToString(CultureInfo.InvariantCulture), t.State.ToString(), t.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "" };
            row.AddRange(space.Parameters.Select(p => t.Parameters.TryGetValue(p.Name, out var v) ? DeepRoad.Tuning.Spaces.ParameterValues.Format(v) : ""));
            row.AddRange(metrics.SelectMany(m => new[] { t.Attributes.GetValueOrDefault($"mean_{m}", ""), t.Attributes.GetValueOrDefault($"std_{m}", "") }));
            row.Add(t.Attributes.GetValueOrDefault("fit_seconds", ""));
            row.Add(t.Duration?.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture) ?? "");
            row.Add(t.Error ?? "");
            sb.AppendLine(string.Join(",", row.Select(Q)));
        }
        return sb.ToString();
    }
}
