using DeepRoad.Tuning.Samplers.Gp;
using MathNet.Numerics.LinearAlgebra;

namespace DeepRoad.Tuning.Tests;

public sealed class GaussianProcessModelTests
{
    private static (double[][] X, double[] Y) Data(int n, int d, int seed)
    {
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, d).Select(_ => rng.NextDouble()).ToArray()).ToArray();
        var y = x.Select(r => Math.Sin(5 * r[0]) + r.Sum() * 0.3).ToArray();
        var m = y.Average();
        var s = Math.Sqrt(y.Select(v => (v - m) * (v - m)).Average());
        return (x, y.Select(v => (v - m) / s).ToArray());
    }

    [Fact]
    public void NegLogPosterior_Gradient_MatchesFiniteDifferences()
    {
        var (x, y) = Data(25, 3, 7);
        var theta = new[] { 0.3, -0.7, 0.2, 0.9, Math.Log(1e-3) };
        var (_, g) = GaussianProcessModel.NegLogPosterior(x, y, theta, 1.0, 1.5);
        for (var i = 0; i < theta.Length; i++)
        {
            var h = 1e-5;
            var tp = (double[])theta.Clone(); tp[i] += h;
            var tm = (double[])theta.Clone(); tm[i] -= h;
            var fd = (GaussianProcessModel.NegLogPosterior(x, y, tp, 1.0, 1.5).Value - GaussianProcessModel.NegLogPosterior(x, y, tm, 1.0, 1.5).Value) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) < 1e-4 * Math.Max(1, Math.Abs(fd)), $"theta[{i}]: analytic {g[i]}, numeric {fd}");
        }
    }

    /// <summary>
    /// The pair-array likelihood against a direct MathNet implementation: K built entry by entry, log|K| and K⁻¹y from
    /// MathNet's Cholesky, and each gradient entry as ½ αᵀ∂Kα − ½ tr(K⁻¹∂K) with K⁻¹∂K from Cholesky solves.
    /// </summary>
    [Theory]
    [InlineData(40, 4, 3)]
    [InlineData(9, 2, 5)]
    [InlineData(70, 6, 8)]
    public void NegLogPosterior_MatchesDirectMathNetComputation(int n, int d, int seed)
    {
        var (x, y) = Data(n, d, seed);
        var rng = new Random(seed);
        var theta = new double[d + 2];
        theta[0] = rng.NextDouble() - 0.5;
        for (var q = 1; q <= d; q++) theta[q] = Math.Log(0.1 + rng.NextDouble());
        theta[d + 1] = Math.Log(1e-4);
        var (lsMean, lsSd) = (1.2, 2.0);
        var (value, gradient) = GaussianProcessModel.NegLogPosterior(x, y, theta, lsMean, lsSd);

        var s2 = Math.Exp(theta[0]);
        var ls = Enumerable.Range(1, d).Select(q => Math.Exp(theta[q])).ToArray();
        double R(int i, int j) => Math.Sqrt(Enumerable.Range(0, d).Sum(q => Math.Pow((x[i][q] - x[j][q]) / ls[q], 2)));
        double Kf(double r) => s2 * (1 + Math.Sqrt(5) * r + 5.0 / 3.0 * r * r) * Math.Exp(-Math.Sqrt(5) * r);
        var k = Matrix<double>.Build.Dense(n, n, (i, j) => Kf(R(i, j)) + (i == j ? Math.Exp(theta[d + 1]) : 0));
        var chol = k.Cholesky();
        var yv = Vector<double>.Build.DenseOfArray(y);
        var alpha = chol.Solve(yv);
        double Prior(double t, double mean, double sd) => 0.5 * Math.Pow((t - mean) / sd, 2);
        var prior = Prior(theta[0], 0, 1.0) + Enumerable.Range(1, d).Sum(q => Prior(theta[q], lsMean, lsSd)) + Prior(theta[d + 1], Math.Log(1e-6), 2.0);
        var expected = 0.5 * yv.DotProduct(alpha) + 0.5 * chol.DeterminantLn + 0.5 * n * Math.Log(2 * Math.PI) + prior;
        Assert.Equal(expected, value, 1e-7 * Math.Abs(expected));

        var dKs = new List<Matrix<double>> { k - Matrix<double>.Build.DenseDiagonal(n, Math.Exp(theta[d + 1])) };
        for (var q = 0; q < d; q++)
        {
            var qq = q;
            dKs.Add(Matrix<double>.Build.Dense(n, n, (i, j) =>
            {
                var r = R(i, j);
                var diff = (x[i][qq] - x[j][qq]) / ls[qq];
                return s2 * 5.0 / 3.0 * (1 + Math.Sqrt(5) * r) * Math.Exp(-Math.Sqrt(5) * r) * diff * diff;
            }));
        }
        dKs.Add(Matrix<double>.Build.DenseDiagonal(n, Math.Exp(theta[d + 1])));
        for (var t = 0; t < d + 2; t++)
        {
            var dk = dKs[t];
            var nll = -0.5 * alpha.DotProduct(dk * alpha) + 0.5 * chol.Solve(dk).Trace();
            var mean = t == 0 ? 0 : t == d + 1 ? Math.Log(1e-6) : lsMean;
            var sd = t == 0 ? 1.0 : t == d + 1 ? 2.0 : lsSd;
            var g = nll + (theta[t] - mean) / (sd * sd);
            Assert.True(Math.Abs(g - gradient[t]) < 1e-6 * Math.Max(1, Math.Abs(g)), $"theta[{t}]: expected {g}, got {gradient[t]}");
        }
    }

    [Fact]
    public void SpaceEncoder_EncodeUnit_MatchesEncodeOfFromUnit()
    {
        var plain = new DeepRoad.Tuning.Spaces.SearchSpace(
            DeepRoad.Tuning.Spaces.Parameter.Float("lr", 1e-4, 1, log: true),
            DeepRoad.Tuning.Spaces.Parameter.Int("leaves", 2, 512, log: true),
            DeepRoad.Tuning.Spaces.Parameter.Float("l2", 0, 1, step: 0.1),
            DeepRoad.Tuning.Spaces.Parameter.Fixed("seed", 3),
            DeepRoad.Tuning.Spaces.Parameter.Categorical("kind", "a", "b", "c"),
            DeepRoad.Tuning.Spaces.Parameter.Int("depth", 2, 12));
        var conditional = new DeepRoad.Tuning.Spaces.SearchSpace(
            DeepRoad.Tuning.Spaces.Parameter.Categorical("kind", "linear", "tree"),
            DeepRoad.Tuning.Spaces.Parameter.Int("depth", 2, 12).When("kind", "tree"),
            DeepRoad.Tuning.Spaces.Parameter.Float("l2", 0, 1, step: 0.1).When("kind", "linear"));
        var rng = new Random(4);
        foreach (var space in new[] { plain, conditional })
        {
            var encoder = new SpaceEncoder(space);
            for (var k = 0; k < 200; k++)
            {
                var u = Enumerable.Range(0, space.DimensionCount).Select(_ => k < 2 ? k : rng.NextDouble()).ToArray();
                Assert.Equal(encoder.Encode(space.FromUnit(u)), encoder.EncodeUnit(u));
            }
        }
    }

    [Fact]
    public void BoxBfgs_BoundedQuadratic_FindsTheProjectedMinimum()
    {
        // Minimum of (x0 - 2)² + 3 (x1 + 0.5)² + (x2 - 0.3)² + x0 x2 over [-1, 1]³: x0 sits on its upper bound.
        static double F(double[] x, double[] g)
        {
            g[0] = 2 * (x[0] - 2) + x[2];
            g[1] = 6 * (x[1] + 0.5);
            g[2] = 2 * (x[2] - 0.3) + x[0];
            return Math.Pow(x[0] - 2, 2) + 3 * Math.Pow(x[1] + 0.5, 2) + Math.Pow(x[2] - 0.3, 2) + x[0] * x[2];
        }
        var r = BoxBfgs.Minimise(F, [0, 0.9, -0.9], [-1, -1, -1], [1, 1, 1], 100, 1e-8, 0);
        Assert.True(r.Converged);
        Assert.Equal(1.0, r.X[0], 1e-9);
        Assert.Equal(-0.5, r.X[1], 1e-6);
        Assert.Equal(-0.2, r.X[2], 1e-6); // 2 (x2 - 0.3) + 1 = 0
    }

    [Fact]
    public void BoxBfgs_Rosenbrock_ConvergesInsideAndOnTheBox()
    {
        static double F(double[] x, double[] g)
        {
            g[0] = -400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]);
            g[1] = 200 * (x[1] - x[0] * x[0]);
            return 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2);
        }
        var inside = BoxBfgs.Minimise(F, [-1.2, 1], [-2, -2], [2, 2], 200, 1e-8, 0);
        Assert.Equal(1.0, inside.X[0], 1e-4);
        Assert.Equal(1.0, inside.X[1], 1e-4);
        // With x1 ≤ 0.5 the constrained minimum lies on that bound, at x0 ≈ 0.7066 (∂f/∂x0 = 0 with x1 = 0.5).
        var bounded = BoxBfgs.Minimise(F, [-1.2, -1], [-2, -2], [2, 0.5], 200, 1e-8, 0);
        Assert.Equal(0.5, bounded.X[1], 1e-9);
        var gx = -400 * bounded.X[0] * (0.5 - bounded.X[0] * bounded.X[0]) - 2 * (1 - bounded.X[0]);
        Assert.True(Math.Abs(gx) < 1e-5, $"gradient in x0 {gx} at {bounded.X[0]}");
        Assert.True(bounded.X[0] > 0.7 && bounded.X[0] < 0.71, $"x0 = {bounded.X[0]}");
    }

    [Fact]
    public void DenseCholesky_MatchesMathNet()
    {
        var (x, _) = Data(30, 2, 3);
        var n = x.Length;
        var a = new double[n * n];
        var m = Matrix<double>.Build.Dense(n, n);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                var r2 = x[i].Zip(x[j]).Sum(p => (p.First - p.Second) * (p.First - p.Second));
                a[i * n + j] = m[i, j] = Math.Exp(-r2) + (i == j ? 1e-3 : 0);
            }
        Assert.True(DenseMath.CholeskyInPlace(a, n));
        var l = m.Cholesky().Factor;
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
                Assert.Equal(l[i, j], a[i * n + j], 1e-10);
    }

    [Fact]
    public void PredictWithGradient_MatchesFiniteDifferences()
    {
        var (x, y) = Data(20, 3, 11);
        var model = new GaussianProcessModel(x, y, [0.1, -1.0, -0.5, 0.0, Math.Log(1e-4)]);
        var p = new[] { 0.3, 0.6, 0.2 };
        var dims = new[] { 0, 1, 2 };
        var (mu, v, dMu, dVar) = model.PredictWithGradient(p, dims);
        Assert.Equal(model.Predict(p).Mean, mu, 1e-12);
        for (var t = 0; t < 3; t++)
        {
            var h = 1e-6;
            var pp = (double[])p.Clone(); pp[t] += h;
            var pm = (double[])p.Clone(); pm[t] -= h;
            var fdMu = (model.Predict(pp).Mean - model.Predict(pm).Mean) / (2 * h);
            var fdVar = (model.Predict(pp).Var - model.Predict(pm).Var) / (2 * h);
            Assert.Equal(fdMu, dMu[t], 1e-5);
            Assert.Equal(fdVar, dVar[t], 1e-5);
        }
        Assert.True(v > 0);
    }

    [Fact]
    public void PredictBatch_MatchesPointwisePredict()
    {
        var (x, y) = Data(23, 3, 17);
        var model = new GaussianProcessModel(x, y, [0.2, -1.2, -0.4, 0.3, Math.Log(1e-5)]);
        var rng = new Random(3);
        var points = Enumerable.Range(0, 37).Select(_ => new[] { rng.NextDouble(), rng.NextDouble(), rng.NextDouble() }).Append(x[5]).ToArray();
        var mean = new double[points.Length];
        var variance = new double[points.Length];
        model.PredictBatch(points, mean, variance);
        for (var c = 0; c < points.Length; c++)
        {
            var (mu, v) = model.Predict(points[c]);
            Assert.Equal(mu, mean[c], 1e-10);
            Assert.Equal(v, variance[c], 1e-10);
        }
        Assert.Equal(y[5], mean[^1], 1e-2); // at a training point the mean interpolates
    }

    [Fact]
    public void Fit_WarmStartedFromTheColdOptimum_StaysThere()
    {
        var (x, y) = Data(30, 2, 21);
        var cold = GaussianProcessModel.Fit(x, y, new Random(1), 3, 60);
        var warm = GaussianProcessModel.Fit(x, y, new Random(2), 3, 60, cold.Theta);
        var lsMean = Math.Sqrt(2) + 0.5 * Math.Log(2);
        var coldValue = GaussianProcessModel.NegLogPosterior(x, y, cold.Theta, lsMean, 3.0).Value;
        var warmValue = GaussianProcessModel.NegLogPosterior(x, y, warm.Theta, lsMean, 3.0).Value;
        Assert.True(warmValue <= coldValue + 1e-6, $"warm {warmValue} vs cold {coldValue}");
    }

    [Fact]
    public void Predict_AtTrainingPoint_InterpolatesWithSmallVariance()
    {
        var (x, y) = Data(15, 2, 5);
        var model = new GaussianProcessModel(x, y, [0.0, -1.0, -1.0, Math.Log(1e-6)]);
        var (mu, v) = model.Predict(x[4]);
        Assert.Equal(y[4], mu, 1e-3);
        Assert.True(v < 1e-3);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(-3.0)]
    [InlineData(-10.0)]
    public void LogH_MatchesDirectFormula(double z)
    {
        var phi = Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
        var cdf = 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-z / Math.Sqrt(2));
        var direct = Math.Log(phi + z * cdf);
        Assert.Equal(direct, LogAcquisitionMath.LogH(z), 1e-6 * Math.Max(1, Math.Abs(direct)));
    }

    [Fact]
    public void LogH_FarTail_IsFiniteAndMonotone()
    {
        var prev = double.NegativeInfinity;
        foreach (var z in new[] { -1e4, -1000.0, -100.0, -40.0, -20.0, -5.0 })
        {
            var v = LogAcquisitionMath.LogH(z);
            Assert.True(double.IsFinite(v));
            Assert.True(v > prev);
            prev = v;
        }
        // Asymptotically log h(z) ≈ -z²/2 - log(√(2π)) - 2 log|z|.
        Assert.Equal(-5000 - 0.5 * Math.Log(2 * Math.PI) - 2 * Math.Log(100), LogAcquisitionMath.LogH(-100), 1e-3);
    }
}
