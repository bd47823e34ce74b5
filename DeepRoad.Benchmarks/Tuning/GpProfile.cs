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
            if (Environment.GetEnvironmentVariable("GP_TRAJECTORY") == "1") Trajectory(x, ys, lsMean);
            Acquisition(f, x, ys);
            Console.WriteLine(FormattableString.Invariant($"n={n}: value+gradient {w / reps:F3} ms wall, {c / reps:F3} ms CPU ({gcs} gen2 GCs in {reps}); cold fit {fw:F1} ms wall {fc:F1} CPU, {evals} evals, nlp {GaussianProcessModel.NegLogPosterior(x, ys, model!.Theta, lsMean, 3).Value:F3}"));
        }
    }

    private static void Trajectory(double[][] x, double[] y, double lsMean)
    {
        var d = x[0].Length;
        var (lo, hi) = GaussianProcessModel.Bounds(d);
        var ml = new MarginalLikelihood(x, y);
        foreach (var scale in new[] { 1.0 })
        {
        Console.WriteLine(FormattableString.Invariant($" scale {scale:G3}"));
        var rng = new Random(1);
        foreach (var start in new[] { GaussianProcessModel.DefaultTheta(d), GaussianProcessModel.DefaultTheta(d).Select(t => t + 0.5 * (rng.NextDouble() - 0.5)).ToArray() })
        {
            var trace = new List<double>();
            var best = double.PositiveInfinity;
            var obj = MathNet.Numerics.Optimization.ObjectiveFunction.Gradient(v =>
            {
                var g = new double[d + 2];
                var f = ml.Evaluate(v.ToArray(), g, lsMean, 3);
                best = Math.Min(best, f);
                trace.Add(best);
                for (var i = 0; i < g.Length; i++) g[i] *= scale;
                return (f * scale, MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(g));
            });
            var iters = -1;
            try
            {
                var r = new MathNet.Numerics.Optimization.BfgsBMinimizer(1e-3, 1e-5, 1e-7, 40).FindMinimum(obj,
                    MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(lo), MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(hi),
                    MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(start));
                iters = r.Iterations;
            }
            catch (Exception ex) { Console.WriteLine("  " + ex.GetType().Name); }
            Console.WriteLine($"  MathNet iters {iters} evals {trace.Count}: " + string.Join(" ", new[] { 5, 10, 20, 30, 40, 60, 80, 100, 150 }.Where(k => k <= trace.Count).Select(k => FormattableString.Invariant($"{k}:{trace[k - 1]:F3}"))) + FormattableString.Invariant($" final {best:F3}"));
            foreach (var (gtol, ftol) in new[] { (1e-4, 1e-9), (1e-2, 1e-6), (1e-1, 1e-5) })
            {
                trace.Clear(); best = double.PositiveInfinity;
                var r = BoxBfgs.Minimise((t, g) => { var f = ml.Evaluate(t, g, lsMean, 3); best = Math.Min(best, f); trace.Add(best); return f; }, start, lo, hi, 100, gtol, ftol);
                Console.WriteLine($"  Box {gtol:G2}/{ftol:G2} iters {r.Iterations} evals {trace.Count} conv {r.Converged}: " + string.Join(" ", new[] { 5, 10, 20, 30, 40, 60, 80, 100, 150 }.Where(k => k <= trace.Count).Select(k => FormattableString.Invariant($"{k}:{trace[k - 1]:F3}"))) + FormattableString.Invariant($" final {best:F3}"));
            }
        }
        }
    }

    private static void Acquisition(BenchmarkFunction f, double[][] x, double[] ys)
    {
        var model = GaussianProcessModel.Fit(x, ys, new Random(1), 2, 40);
        var rng = new Random(5);
        var pts = Enumerable.Range(0, 768).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var mean = new double[pts.Length];
        var variance = new double[pts.Length];
        model.PredictBatch(pts, mean, variance);
        var (_, batchCpu) = TuningBenchmark.Measure(() => { for (var r = 0; r < 10; r++) model.PredictBatch(pts, mean, variance); });
        var dims = Enumerable.Range(0, 6).ToArray();
        var (_, gradCpu) = TuningBenchmark.Measure(() => { for (var r = 0; r < 200; r++) model.PredictWithGradient(pts[r], dims); });
        var encoder = new SpaceEncoder(f.Space);
        var sobol = new SobolSequence(6, 3);
        var (_, encCpu) = TuningBenchmark.Measure(() => { foreach (var u in sobol.Points(0, 768)) encoder.Encode(f.Space.FromUnit(u)); });
        var enc = pts.Select(p => encoder.Encode(f.Space.FromUnit(p))).ToArray();
        var (_, decCpu) = TuningBenchmark.Measure(() => { foreach (var e in enc) _ = encoder.Decode(e).Key; });
        Console.WriteLine(FormattableString.Invariant($"  acquisition parts (thread CPU): PredictBatch(768) {batchCpu / 10:F2} ms, PredictWithGradient {gradCpu / 200 * 1000:F1} µs, encode 768 Sobol {encCpu:F2} ms, decode+key 768 {decCpu:F2} ms"));
    }
}
