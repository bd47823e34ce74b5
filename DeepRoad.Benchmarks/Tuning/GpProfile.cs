using System.Diagnostics;
using System.Globalization;
using DeepRoad.Tuning.Samplers.Gp;

namespace DeepRoad.Benchmarks.Tuning;

/// <summary><c>tuning profile</c>: where a cold GP fit spends its time (per-evaluation cost of the log posterior and its gradient, evaluations per start, trajectory).</summary>
internal static class GpProfile
{
    public static void Run()
    {
        var f = BenchmarkFunction.Hartmann6;
        foreach (var n in new[] { 20, 50, 100, 200 })
        {
            var rng = new Random(n);
            var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray()).ToArray();
            var y = x.Select(u => f.Evaluate(f.Space.FromUnit(u))).ToArray();
            var m = y.Average(); var s = Math.Sqrt(y.Select(v => (v - m) * (v - m)).Average());
            var ys = y.Select(v => (v - m) / s).ToArray();
            var theta = GaussianProcessModel.DefaultTheta(6);
            var lsMean = Math.Sqrt(2) + 0.5 * Math.Log(6);
            for (var i = 0; i < 5; i++) GaussianProcessModel.NegLogPosterior(x, ys, theta, lsMean, 3);
            var reps = n <= 100 ? 200 : 40;
            var gc0 = GC.CollectionCount(2);
            var (w, c) = TuningBenchmark.Measure(() => { for (var i = 0; i < reps; i++) GaussianProcessModel.NegLogPosterior(x, ys, theta, lsMean, 3); });
            var gcs = GC.CollectionCount(2) - gc0;
            var e0 = GaussianProcessModel.Evaluations;
            GaussianProcessModel? model = null;
            var (fw, fc) = TuningBenchmark.Measure(() => model = GaussianProcessModel.Fit(x, ys, new Random(1), 2, 40));
            var evals = GaussianProcessModel.Evaluations - e0;
            Console.WriteLine(FormattableString.Invariant($"n={n}: value+gradient {w / reps:F3} ms wall, {c / reps:F3} ms CPU ({gcs} gen2 GCs in {reps}); cold fit {fw:F1} ms wall {fc:F1} CPU, {evals} evals, nlp {GaussianProcessModel.NegLogPosterior(x, ys, model!.Theta, lsMean, 3).Value:F3}"));
        }
    }
}
