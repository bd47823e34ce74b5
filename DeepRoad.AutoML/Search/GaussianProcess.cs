using MathNet.Numerics.LinearAlgebra;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// A small Gaussian process on the unit cube: Matérn 5/2 kernel, standardised outputs, the length scale chosen
/// from a grid by log marginal likelihood, Cholesky with jitter (no explicit inverse). Used for expected
/// improvement within one trainer's space.
/// </summary>
internal sealed class GaussianProcess
{
    private readonly double[][] _x;
    private readonly double _mean, _std, _lengthScale;
    private readonly MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> _chol;
    private readonly Vector<double> _alpha;
    private const double Noise = 1e-3;

    public GaussianProcess(IReadOnlyList<double[]> x, IReadOnlyList<double> y)
    {
        _x = x.ToArray();
        _mean = y.Average();
        _std = Math.Sqrt(y.Sum(v => (v - _mean) * (v - _mean)) / Math.Max(1, y.Count - 1));
        if (_std < 1e-12) _std = 1;
        var ys = Vector<double>.Build.Dense(y.Select(v => (v - _mean) / _std).ToArray());
        double bestLml = double.NegativeInfinity;
        (double ls, MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol, Vector<double> alpha)? best = null;
        int d = _x[0].Length;
        foreach (var baseLs in new[] { 0.1, 0.2, 0.35, 0.6, 1.0 })
        {
            double ls = baseLs * Math.Sqrt(d);
            var k = Gram(ls);
            MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
            try { chol = k.Cholesky(); } catch (ArgumentException) { continue; }
            var alpha = chol.Solve(ys);
            double logDet = 0;
            for (int i = 0; i < _x.Length; i++) logDet += 2 * Math.Log(chol.Factor[i, i]);
            double lml = -0.5 * ys.DotProduct(alpha) - 0.5 * logDet;
            if (lml > bestLml) { bestLml = lml; best = (ls, chol, alpha); }
        }
        if (best is null) throw new InvalidOperationException("GP: kernel matrix not positive definite.");
        (_lengthScale, _chol, _alpha) = best.Value;
    }

    private Matrix<double> Gram(double ls)
    {
        int n = _x.Length;
        var k = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = Kernel(_x[i], _x[j], ls) + (i == j ? Noise + 1e-8 : 0);
                k[i, j] = v;
                k[j, i] = v;
            }
        return k;
    }

    private static double Kernel(double[] a, double[] b, double ls)
    {
        double r2 = 0;
        for (int i = 0; i < a.Length; i++) { double t = a[i] - b[i]; r2 += t * t; }
        double r = Math.Sqrt(5 * r2) / ls;
        return (1 + r + r * r / 3) * Math.Exp(-r);
    }

    /// <summary>Posterior mean and standard deviation in the original units.</summary>
    public (double Mean, double Std) Predict(double[] x)
    {
        var kx = Vector<double>.Build.Dense(_x.Length, i => Kernel(x, _x[i], _lengthScale));
        double mu = kx.DotProduct(_alpha);
        // Forward substitution L v = k(x): the variance is k(x,x) - |v|^2.
        var l = _chol.Factor;
        int n = _x.Length;
        var v = new double[n];
        double vv = 0;
        for (int i = 0; i < n; i++)
        {
            double s = kx[i];
            for (int j = 0; j < i; j++) s -= l[i, j] * v[j];
            v[i] = s / l[i, i];
            vv += v[i] * v[i];
        }
        double var = Math.Max(1e-12, 1 + Noise - vv);
        return (_mean + _std * mu, _std * Math.Sqrt(var));
    }

    /// <summary>Expected improvement below <paramref name="best"/> (minimisation).</summary>
    public double ExpectedImprovement(double[] x, double best)
    {
        var (mu, sd) = Predict(x);
        double z = (best - mu) / sd;
        return sd * (z * Normal.Cdf(z) + Normal.Pdf(z));
    }

    private static class Normal
    {
        public static double Pdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        public static double Cdf(double z) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));
    }
}
