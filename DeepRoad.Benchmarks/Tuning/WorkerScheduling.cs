using System.Diagnostics;
using System.Globalization;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Benchmarks.Tuning;

/// <summary>
/// <c>tuning workers</c>: how well a study keeps N workers busy, isolated from CPU contention. Trials sleep for a
/// duration drawn from their parameters (log-uniform 20–400 ms, like LightGbm fits whose rounds and leaves vary tenfold),
/// so 2 workers could at best halve the wall time. Compares a random sampler (no waiting: it ignores trial values), the
/// same random sampler declared result-dependent (the determinism window the study applies to model-based samplers:
/// trial n waits for every trial below n − 1), and the GP sampler; window 1 on both worker counts, so each sampler runs
/// the same trials on 1 and 2 workers.
/// </summary>
internal static class WorkerScheduling
{
    private sealed class ResultDependent(ISampler inner) : ISampler
    {
        public ParameterSet? Propose(SamplerContext context) => inner.Propose(context);
    }

    public static async Task RunAsync(int trials)
    {
        var space = new SearchSpace(Parameter.Float("duration", 20, 400, log: true), Parameter.Float("x", 0, 1));
        var objective = Objective.Create(async (t, ct) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(t.Parameters.GetDouble("duration")), ct).ConfigureAwait(false);
            return Math.Pow(t.Parameters.GetDouble("x") - 0.3, 2);
        });
        var samplers = new (string Name, Func<ISampler> Make)[]
        {
            ("random (ignores trial values: no waiting)", () => new RandomSampler(0)),
            ("random behind the determinism window", () => new ResultDependent(new RandomSampler(0))),
            ("GP (determinism window)", () => new GaussianProcessSampler(0)),
        };
        Console.WriteLine($"{trials} trials sleeping 20–400 ms (log-uniform); load average {TuningBenchmark.LoadAverage()}");
        Console.WriteLine("| sampler | 1 worker: wall s | 2 workers: wall s | speed-up | sum of trial durations s |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, make) in samplers)
        {
            var wall = new double[3];
            double total = 0;
            foreach (var workers in new[] { 1, 2 })
            {
                var study = new Study("w", space, make(), options: new StudyOptions { Workers = workers, PendingWindow = 1 }); // same window on 1 and 2 workers: the same trials
                var sw = Stopwatch.StartNew();
                var r = await study.OptimizeAsync(objective, StudyBudget.OfTrials(trials)).ConfigureAwait(false);
                wall[workers] = sw.Elapsed.TotalSeconds;
                total = r.Trials.Sum(t => t.Parameters.GetDouble("duration")) / 1000;
            }
            Console.WriteLine(FormattableString.Invariant($"| {name} | {wall[1]:F2} | {wall[2]:F2} | {wall[1] / wall[2]:F2}x | {total:F2} |"));
        }
    }
}
