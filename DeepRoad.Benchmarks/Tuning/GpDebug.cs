using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers.Gp;
using System.Globalization;

namespace DeepRoad.Benchmarks.Tuning;

internal static class GpDebug
{
    public static void Run()
    {
        foreach (var f in new[] { BenchmarkFunction.Hartmann6, BenchmarkFunction.Rosenbrock4 })
        {
            var rng = new Random(3);
            var d = f.Space.DimensionCount;
            var x = Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble()).ToArray()).ToArray();
            var y = x.Select(u => f.Evaluate(f.Space.FromUnit(u))).ToArray();
            var m = y.Average(); var s = Math.Sqrt(y.Select(v => (v - m) * (v - m)).Average());
            var ys = y.Select(v => (v - m) / s).ToArray();
            var model = GaussianProcessModel.Fit(x, ys, new Random(1), 2, 40);
            Console.WriteLine(f.Name + " theta: " + string.Join(", ", model.Theta.Select(t => Math.Exp(t).ToString("G3", CultureInfo.InvariantCulture))));
            var lsMean = Math.Sqrt(2) + 0.5 * Math.Log(d);
            foreach (var (ls, nz) in new[] { (0.2, 1e-2), (0.3, 1e-2), (0.5, 1e-2), (0.3, 1e-4), (1.0, 1e-3) })
            {
                var th = new double[d + 2]; th[0] = 0; for (var i = 1; i <= d; i++) th[i] = Math.Log(ls); th[d + 1] = Math.Log(nz);
                Console.WriteLine($"  ls={ls} noise={nz}: nlp {GaussianProcessModel.NegLogPosterior(x, ys, th, lsMean, Math.Sqrt(3)).Value:F2}");
            }
            Console.WriteLine($"  fitted nlp {GaussianProcessModel.NegLogPosterior(x, ys, model.Theta, lsMean, Math.Sqrt(3)).Value:F2}");
            var model8 = GaussianProcessModel.Fit(x, ys, new Random(1), 8, 200);
            Console.WriteLine($"  8 starts nlp {GaussianProcessModel.NegLogPosterior(x, ys, model8.Theta, lsMean, Math.Sqrt(3)).Value:F2} theta " + string.Join(", ", model8.Theta.Select(t => Math.Exp(t).ToString("G3", CultureInfo.InvariantCulture))));
            // held-out correlation
            var xt = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble()).ToArray()).ToArray();
            var yt = xt.Select(u => (f.Evaluate(f.Space.FromUnit(u)) - m) / s).ToArray();
            var pt = xt.Select(u => model.Predict(u).Mean).ToArray();
            Console.WriteLine($"  held-out corr {Corr(yt, pt):F3}; nll at theta {GaussianProcessModel.NegLogPosterior(x, ys, model.Theta, 0, 100).Value:F2}");
        }
    }

    private static double Corr(double[] a, double[] b)
    {
        var ma = a.Average(); var mb = b.Average();
        var c = a.Zip(b).Sum(p => (p.First - ma) * (p.Second - mb));
        return c / Math.Sqrt(a.Sum(v => (v - ma) * (v - ma)) * b.Sum(v => (v - mb) * (v - mb)));
    }
}
