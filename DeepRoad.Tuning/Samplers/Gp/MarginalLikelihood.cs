using System.Numerics;

namespace DeepRoad.Tuning.Samplers.Gp;

/// <summary>
/// The negative log marginal likelihood of a Matérn 5/2 ARD GP (plus log-normal priors) and its analytic gradient in the
/// log hyperparameters, for one data set evaluated many times by the hyperparameter optimiser. Everything that does not
/// depend on the hyperparameters (squared coordinate differences of every pair of points, one SIMD-friendly array per
/// dimension) is computed once, and the n × n buffers are reused across evaluations (no per-evaluation allocation: at
/// n = 200 these arrays live on the large object heap and the old per-call allocation triggered a gen-2 GC every other
/// evaluation). Per evaluation: pairwise kernel values with vectorised exp and sqrt, an in-place Cholesky, two
/// triangular solves for α = K⁻¹y, the inverse factor L⁻¹ (triangular solves against the identity) for the trace term,
/// and the gradient dNLL/dθ = -½ tr((ααᵀ − K⁻¹) ∂K/∂θ) accumulated per dimension as dot products over pairs.
/// Not thread-safe: one instance per fit.
/// </summary>
internal sealed class MarginalLikelihood
{
    private static readonly double Sqrt5 = Math.Sqrt(5);
    private readonly int _n;
    private readonly int _d;
    private readonly int _pairs;
    private readonly double[] _y;
    private readonly double[][] _sq;   // _sq[q][p]: squared difference in dimension q of pair p = (i, j), j < i, p = i(i-1)/2 + j
    private readonly double[] _r2;     // scaled squared distance per pair, then kernel value / s²
    private readonly double[] _base;   // per pair: (5/3)(1 + √5 r) e^{-√5 r} (the length-scale derivative without s² and diff²/ℓ²)
    private readonly double[] _weighted;
    private readonly double[] _chol;   // n × n row-major, lower triangle = L
    private readonly double[] _invT;   // n × n row-major, row j = column j of L⁻¹ (entries from j on)
    private readonly double[] _alpha;
    private readonly double[] _tmp;

    public MarginalLikelihood(double[][] x, double[] y)
    {
        _n = x.Length;
        _d = _n == 0 ? 0 : x[0].Length;
        _pairs = _n * (_n - 1) / 2;
        _y = y;
        _sq = new double[_d][];
        for (var q = 0; q < _d; q++)
        {
            var s = _sq[q] = new double[_pairs];
            var p = 0;
            for (var i = 1; i < _n; i++)
                for (var j = 0; j < i; j++, p++)
                {
                    var diff = x[i][q] - x[j][q];
                    s[p] = diff * diff;
                }
        }
        _r2 = new double[_pairs];
        _base = new double[_pairs];
        _weighted = new double[_pairs];
        _chol = new double[_n * _n];
        _invT = new double[_n * _n];
        _alpha = new double[_n];
        _tmp = new double[_n];
    }

    /// <summary>Likelihood evaluations (for benchmarks).</summary>
    public int Evaluations { get; private set; }

    /// <summary>Negative log marginal likelihood minus log prior at θ = [log s², log ℓ (d), log noise], and its gradient (written to <paramref name="gradient"/>).</summary>
    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient, double lsMean, double lsSd)
    {
        Evaluations++;
        var n = _n;
        var d = _d;
        var s2 = Math.Exp(theta[0]);
        var noise = Math.Exp(theta[d + 1]);
        Span<double> invLs2 = stackalloc double[d];
        for (var q = 0; q < d; q++) invLs2[q] = Math.Exp(-2 * theta[q + 1]);

        // r² per pair, then the unit-variance kernel k/s² = (1 + √5r + 5r²/3) e^{-√5 r} and the derivative base term.
        Array.Clear(_r2);
        for (var q = 0; q < d; q++) DenseMath.Axpy(invLs2[q], _sq[q], _r2);
        KernelTerms(_r2, _base);

        // Cholesky of K = s² k + noise I, with growing jitter when needed.
        var jitter = 0.0;
        for (var attempt = 0; ; attempt++)
        {
            var p = 0;
            for (var i = 0; i < n; i++)
            {
                var row = _chol.AsSpan(i * n, i + 1);
                for (var j = 0; j < i; j++, p++) row[j] = s2 * _r2[p];
                row[i] = s2 + noise + jitter;
            }
            if (DenseMath.CholeskyInPlace(_chol, n)) break;
            if (attempt >= 8)
            {
                gradient.Clear();
                return 1e10;
            }
            jitter = jitter == 0 ? 1e-10 : jitter * 10;
        }

        DenseMath.ForwardSolve(_chol, n, _y, _tmp);
        DenseMath.BackwardSolve(_chol, n, _tmp, _alpha);
        double logDet = 0;
        for (var i = 0; i < n; i++) logDet += 2 * Math.Log(_chol[i * n + i]);
        var nll = 0.5 * DenseMath.Dot(_y, _alpha) + 0.5 * logDet + 0.5 * n * Math.Log(2 * Math.PI);

        // W = ααᵀ − K⁻¹ with (K⁻¹)ᵢⱼ = dot of rows i and j of (L⁻¹)ᵀ from max(i, j) on.
        DenseMath.InverseFactorTransposed(_chol, n, _invT);
        double g0 = 0, gNoise = 0;
        for (var i = 0; i < n; i++)
        {
            var rowI = _invT.AsSpan(i * n + i, n - i);
            var wii = _alpha[i] * _alpha[i] - DenseMath.Dot(rowI, rowI);
            g0 += 0.5 * wii * s2;
            gNoise += 0.5 * wii * noise;
            var p0 = i * (i - 1) / 2;
            var ai = _alpha[i];
            for (var j = 0; j < i; j++)
            {
                var w = ai * _alpha[j] - DenseMath.Dot(rowI, _invT.AsSpan(j * n + i, n - i)); // symmetric pair: 2 × ½ w
                g0 += w * s2 * _r2[p0 + j];
                _weighted[p0 + j] = w * _base[p0 + j];
            }
        }
        gradient[0] = -g0;
        gradient[d + 1] = -gNoise;
        for (var q = 0; q < d; q++) gradient[q + 1] = -s2 * invLs2[q] * DenseMath.Dot(_weighted, _sq[q]);

        // Log-normal priors (Gaussian in log space).
        var prior = 0.0;
        void AddPrior(int idx, double mean, double sd, Span<double> g, ReadOnlySpan<double> t)
        {
            var z = (t[idx] - mean) / sd;
            prior += 0.5 * z * z;
            g[idx] += z / sd;
        }
        AddPrior(0, GaussianProcessModel.PriorSignalMean, GaussianProcessModel.PriorSignalSd, gradient, theta);
        for (var q = 0; q < d; q++) AddPrior(q + 1, lsMean, lsSd, gradient, theta);
        AddPrior(d + 1, GaussianProcessModel.PriorNoiseMean, GaussianProcessModel.PriorNoiseSd, gradient, theta);
        return nll + prior;
    }

    /// <summary>In place: r² → (1 + √5r + 5r²/3) e^{-√5r}; base ← (5/3)(1 + √5r) e^{-√5r}. SIMD over pairs.</summary>
    private static void KernelTerms(Span<double> r2, Span<double> baseTerm)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && r2.Length >= Vector<double>.Count)
        {
            var five = new Vector<double>(5.0);
            var third = new Vector<double>(1.0 / 3.0);
            var fiveThirds = new Vector<double>(5.0 / 3.0);
            for (; i <= r2.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(r2[i..]);
                var s = Vector.SquareRoot(v * five);    // √5 r
                var e = Vector.Exp(-s);
                ((Vector<double>.One + s + s * s * third) * e).CopyTo(r2[i..]);
                ((Vector<double>.One + s) * fiveThirds * e).CopyTo(baseTerm[i..]);
            }
        }
        for (; i < r2.Length; i++)
        {
            var s = Math.Sqrt(5 * r2[i]);
            var e = Math.Exp(-s);
            r2[i] = (1 + s + s * s / 3) * e;
            baseTerm[i] = 5.0 / 3.0 * (1 + s) * e;
        }
    }
}
