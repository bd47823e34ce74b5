namespace DeepRoad.Tuning.Samplers.Gp;

/// <summary>
/// Maps observed values (to minimise) to the GP's targets. Values are standardised; then, when the bad values form a
/// heavy right tail (skewness &gt; 0.5, Rosenbrock- or Branin-like), a Box-Cox transform of the values shifted above
/// the minimum (by a fifth of the median's distance from it) compresses the tail so the model resolves the good region; otherwise a Yeo-Johnson transform (as in
/// HEBO, Cowen-Rivers et al. 2022). λ is chosen by maximum likelihood on a grid; the result is standardised again.
/// </summary>
internal static class OutputTransform
{
    public static double[] Apply(IReadOnlyList<double> y, bool power)
    {
        var z = Standardise(y.ToArray());
        if (!power || z.Length < 4) return z;
        var skew = z.Sum(v => v * v * v) / z.Length;
        if (skew > 0.5)
        {
            var min = z.Min();
            var range = z.Max() - min;
            // Shift so the best value sits at 0.2 × (median − best) above zero: the log-like transform then spreads the
            // good half of the values (where the optimum is) instead of squashing everything within a fixed fraction
            // of the range of the best one (Rosenbrock-like tails span orders of magnitude).
            var sorted = z.OrderBy(v => v).ToArray();
            var delta = 0.2 * (sorted[sorted.Length / 2] - min) + 1e-9 * range;
            var shifted = z.Select(v => v - min + delta + 1e-12).ToArray();
            var logSum = shifted.Sum(Math.Log);
            var lambda = BestLambda(-1, 2, l => shifted.Select(v => BoxCox(v, l)).ToArray(), (l, _) => (l - 1) * logSum);
            return Standardise(shifted.Select(v => BoxCox(v, lambda)).ToArray());
        }
        var jac = z.Sum(v => Math.Sign(v) * Math.Log(Math.Abs(v) + 1));
        var yj = BestLambda(-2, 2, l => z.Select(v => YeoJohnson(v, l)).ToArray(), (l, _) => (l - 1) * jac);
        return Standardise(z.Select(v => YeoJohnson(v, yj)).ToArray());
    }

    private static double BestLambda(double lo, double hi, Func<double, double[]> transform, Func<double, double[], double> logJacobian)
    {
        var best = 1.0;
        var bestLl = double.NegativeInfinity;
        for (var lambda = lo; lambda <= hi + 1e-9; lambda += 0.1)
        {
            var t = transform(lambda);
            var mean = t.Average();
            var variance = t.Sum(v => (v - mean) * (v - mean)) / t.Length;
            if (!(variance > 1e-300) || !double.IsFinite(variance)) continue;
            var ll = -0.5 * t.Length * Math.Log(variance) + logJacobian(lambda, t);
            if (ll > bestLl) { bestLl = ll; best = lambda; }
        }
        return best;
    }

    private static double[] Standardise(double[] y)
    {
        var mean = y.Average();
        var sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Length);
        if (!(sd > 1e-12)) sd = 1;
        return y.Select(v => (v - mean) / sd).ToArray();
    }

    internal static double BoxCox(double v, double lambda) => Math.Abs(lambda) < 1e-9 ? Math.Log(v) : (Math.Pow(v, lambda) - 1) / lambda;

    internal static double YeoJohnson(double y, double lambda)
    {
        if (y >= 0) return Math.Abs(lambda) < 1e-9 ? Math.Log(y + 1) : (Math.Pow(y + 1, lambda) - 1) / lambda;
        return Math.Abs(lambda - 2) < 1e-9 ? -Math.Log(-y + 1) : -(Math.Pow(-y + 1, 2 - lambda) - 1) / (2 - lambda);
    }
}
