using System.Diagnostics;
using System.Globalization;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Tuning;

/// <summary>
/// LightGbm on ../shared/data/adult: grid, random and GP search (30 trials, 5-fold stratified CV, ROC-AUC) on the
/// first <c>rows</c> rows of train.csv, the best settings refit on all of train.csv and scored on test.csv; then the
/// random search again on 2 workers (same trials, so the wall-time ratio is the parallel speed-up).
/// </summary>
internal static class AdultTuning
{
    public static async Task RunAsync(int trials, int rows, int maxIterations, bool speedupOnly = false)
    {
        var ml = new MLContext(seed: 0);
        var loaded = DataLoader.LoadFile(ml, Shared("adult/train.csv"), new DataLoadOptions { Label = "over_50k" });
        var full = ml.Data.Cache(loaded.WithPreparedLabel(ml));
        var test = ml.Data.Cache(DataLoader.LoadFile(ml, Shared("adult/test.csv"), loaded.Schema, new DataLoadOptions { Label = "over_50k" }).WithPreparedLabel(ml));
        var search = ml.Data.Cache(ml.Data.TakeRows(full, rows));
        var featurizer = DefaultFeaturizer.Build(ml, loaded.Schema, new FeaturizerOptions());
        var space = TrainerSpaces.LightGbm(MLTask.BinaryClassification, maxIterations, seed: 0);
        IEstimator<ITransformer> Factory(DeepRoad.Tuning.Spaces.ParameterSet p) => featurizer.Append(space.Create(ml, p));
        SearchCVOptions Options(int workers) => new() { Trials = trials, Folds = 5, Seed = 0, Workers = workers, Refit = false };

        Console.WriteLine(FormattableString.Invariant($"load average before: {LoadAverage()}"));
        Console.WriteLine("| search | best CV ROC-AUC (± std over folds) | best trial | test ROC-AUC of the refit | search seconds |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var times = new Dictionary<string, double>();
        var searches = new (string, Func<int, SearchCV>)[]
        {
            ("grid (3 levels, shuffled)", w => new GridSearch(ml, space.Space, Factory, MLTask.BinaryClassification, Options(w), resolution: 3)),
            ("random", w => new RandomSearch(ml, space.Space, Factory, MLTask.BinaryClassification, Options(w))),
            ("GP (logEI)", w => new BayesSearch(ml, space.Space, Factory, MLTask.BinaryClassification, Options(w))),
        };
        foreach (var (name, make) in speedupOnly ? [] : searches)
        {
            var sw = Stopwatch.StartNew();
            var cv = await make(1).FitAsync(search).ConfigureAwait(false);
            times[name] = sw.Elapsed.TotalSeconds;
            var best = cv.StudyResult!.BestTrial!;
            var model = Factory(cv.BestParameters).Fit(full);
            var auc = ml.BinaryClassification.Evaluate(model.Transform(test)).AreaUnderRocCurve;
            var row = cv.Results.First(r => r.TrialNumber == best.Number);
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {cv.BestScore:F4} ± {row.StandardDeviation[cv.Metric]:F4} | {best.Number} | {auc:F4} | {times[name]:F1} |"));
            Console.WriteLine("  best: " + cv.BestParameters.ToJson());
        }
        // Speed-up: the same random search (same trials) on 1 and 2 workers, after a warm-up search (JIT, caches), twice
        // in alternating order so a load change on the shared machine shows up as disagreement between the pairs.
        Console.WriteLine(FormattableString.Invariant($"load average before the speed-up runs: {LoadAverage()}"));
        await new RandomSearch(ml, space.Space, Factory, MLTask.BinaryClassification, Options(1) with { Trials = 5 }).FitAsync(search).ConfigureAwait(false);
        var process = Process.GetCurrentProcess();
        foreach (var order in new[] { new[] { 1, 2 }, new[] { 2, 1 } })
        {
            var wall = new Dictionary<int, double>();
            var cpu = new Dictionary<int, double>();
            var score = new Dictionary<int, double>();
            foreach (var workers in order)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var result = await new RandomSearch(ml, space.Space, Factory, MLTask.BinaryClassification, Options(workers)).FitAsync(search).ConfigureAwait(false);
                wall[workers] = sw.Elapsed.TotalSeconds;
                process.Refresh();
                cpu[workers] = (process.TotalProcessorTime - cpu0).TotalSeconds;
                score[workers] = result.BestScore;
            }
            Console.WriteLine(FormattableString.Invariant(
                $"random search ({order[0]} then {order[1]} workers): 1 worker {wall[1]:F1} s wall / {cpu[1]:F1} s process CPU, 2 workers {wall[2]:F1} s wall / {cpu[2]:F1} s CPU: speed-up {wall[1] / wall[2]:F2}x (best CV ROC-AUC {score[1]:F4} / {score[2]:F4}); load average after: {LoadAverage()}"));
        }
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Shared(string rel)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        var p = Path.Combine(dir?.FullName ?? ".", "..", "shared", "data", rel);
        return File.Exists(p) ? Path.GetFullPath(p) : Path.Combine("/work/shared/data", rel);
    }
}
