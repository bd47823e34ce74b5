using System.Numerics;
using System.Runtime.InteropServices;

namespace DeepRoad.Tuning.Samplers.Gp;

/// <summary>
/// Small dense kernels for the marginal-likelihood inner loop and blocked candidate scoring (row-major, SIMD). MathNet's
/// managed Cholesky measured 3.5× (n = 100) to 7.5× (n = 200) slower than <see cref="CholeskyInPlace"/> in the same run
/// (benchmarks/results/tuning.md, <c>tuning cost</c>), and the likelihood is evaluated 50–300 times per proposal, so
/// this loop factorises in place; the model used for predictions is factorised by MathNet (see GaussianProcessModel).
/// </summary>
internal static class DenseMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var n = a.Length;
        double s = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count * 2)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b[..a.Length]);
            var acc = Vector<double>.Zero;
            for (var k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            s = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>y += a x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        var n = y.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(a);
            for (var k = 0; k < vy.Length; k++) vy[k] += va * vx[k];
            i = vy.Length * Vector<double>.Count;
        }
        for (; i < n; i++) y[i] += a * x[i];
    }

    /// <summary>x *= a.</summary>
    public static void Scale(double a, Span<double> x)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var va = new Vector<double>(a);
            for (var k = 0; k < vx.Length; k++) vx[k] *= va;
            i = vx.Length * Vector<double>.Count;
        }
        for (; i < x.Length; i++) x[i] *= a;
    }

    /// <summary>acc += x ∘ x.</summary>
    public static void AddSquares(ReadOnlySpan<double> x, Span<double> acc)
    {
        var n = acc.Length;
        var i = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x[..n]);
            var va = MemoryMarshal.Cast<double, Vector<double>>(acc);
            for (var k = 0; k < va.Length; k++) va[k] += vx[k] * vx[k];
            i = va.Length * Vector<double>.Count;
        }
        for (; i < n; i++) acc[i] += x[i] * x[i];
    }

    /// <summary>In-place lower Cholesky of a row-major SPD matrix (upper triangle left untouched). False when not positive definite.</summary>
    public static bool CholeskyInPlace(double[] a, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var rowI = a.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                var rowJ = a.AsSpan(j * n, n);
                var s = rowI[j] - Dot(rowI[..j], rowJ[..j]);
                if (i == j)
                {
                    if (!(s > 0) || !double.IsFinite(s)) return false;
                    rowI[i] = Math.Sqrt(s);
                }
                else
                {
                    rowI[j] = s / rowJ[j];
                }
            }
        }
        return true;
    }

    /// <summary>Solves L x = b (L lower, row-major).</summary>
    public static double[] ForwardSolve(double[] l, int n, ReadOnlySpan<double> b)
    {
        var x = new double[n];
        for (var i = 0; i < n; i++)
        {
            var row = l.AsSpan(i * n, i);
            x[i] = (b[i] - Dot(row, x.AsSpan(0, i))) / l[i * n + i];
        }
        return x;
    }

    /// <summary>Solves L x = b (L lower, row-major) into <paramref name="x"/>.</summary>
    public static void ForwardSolve(double[] l, int n, ReadOnlySpan<double> b, Span<double> x)
    {
        for (var i = 0; i < n; i++)
        {
            var row = l.AsSpan(i * n, i);
            x[i] = (b[i] - Dot(row, x[..i])) / l[i * n + i];
        }
    }

    /// <summary>Solves Lᵀ x = b (L lower, row-major).</summary>
    public static double[] BackwardSolve(double[] l, int n, ReadOnlySpan<double> b)
    {
        var x = new double[n];
        BackwardSolve(l, n, b, x);
        return x;
    }

    /// <summary>Solves Lᵀ x = b (L lower, row-major) into <paramref name="x"/> (which must not alias <paramref name="b"/>).</summary>
    public static void BackwardSolve(double[] l, int n, ReadOnlySpan<double> b, Span<double> x)
    {
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var j = i + 1; j < n; j++) s -= l[j * n + i] * x[j];
            x[i] = s / l[i * n + i];
        }
    }

    /// <summary>
    /// Returns Mᵀ where M = L⁻¹, row-major: row j holds column j of L⁻¹ (zero before j). Then
    /// (K⁻¹)ᵢⱼ = dot(row i, row j) from max(i, j): the trace term of the likelihood gradient, without forming an inverse by elimination.
    /// </summary>
    public static double[] InverseFactorTransposed(double[] l, int n)
    {
        var mt = new double[n * n];
        InverseFactorTransposed(l, n, mt);
        return mt;
    }

    /// <summary>As <see cref="InverseFactorTransposed(double[], int)"/>, into <paramref name="mt"/> (entries before the diagonal of each row are not written).</summary>
    public static void InverseFactorTransposed(double[] l, int n, double[] mt)
    {
        for (var j = 0; j < n; j++)
        {
            var x = mt.AsSpan(j * n, n);
            x[j] = 1.0 / l[j * n + j];
            for (var i = j + 1; i < n; i++)
            {
                var s = Dot(l.AsSpan(i * n + j, i - j), x[j..i]);
                x[i] = -s / l[i * n + i];
            }
        }
    }
}
