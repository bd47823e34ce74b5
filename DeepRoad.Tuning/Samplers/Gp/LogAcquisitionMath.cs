using MathNet.Numerics;

namespace DeepRoad.Tuning.Samplers.Gp;

/// <summary>Numerically stable pieces of the acquisition functions (log EI after Ament et al. 2023).</summary>
internal static class LogAcquisitionMath
{
    private static readonly double LogSqrt2Pi = 0.5 * Math.Log(2 * Math.PI);
    private static readonly double LogSqrtPiOver2 = 0.5 * Math.Log(Math.PI / 2);
    private static readonly double Sqrt2 = Math.Sqrt(2);

    /// <summary>log φ(z).</summary>
    public static double LogPdf(double z) => -0.5 * z * z - LogSqrt2Pi;

    /// <summary>Scaled complementary error function exp(x²) erfc(x), for x ≥ 0 without overflow.</summary>
    public static double Erfcx(double x)
    {
        if (x < 25) return Math.Exp(x * x) * SpecialFunctions.Erfc(x);
        var x2 = x * x;
        return 1.0 / (x * Math.Sqrt(Math.PI)) * (1 - 1 / (2 * x2) + 3 / (4 * x2 * x2) - 15 / (8 * x2 * x2 * x2));
    }

    /// <summary>log Φ(z), accurate for very negative z.</summary>
    public static double LogCdf(double z)
    {
        if (z > -5) return Math.Log(0.5 * SpecialFunctions.Erfc(-z / Sqrt2));
        return Math.Log(0.5 * Erfcx(-z / Sqrt2)) - 0.5 * z * z;
    }

    /// <summary>log(1 - exp(x)) for x &lt; 0.</summary>
    public static double Log1mExp(double x) => x > -Math.Log(2) ? Math.Log(Math.Max(-double.ExpM1(x), double.Epsilon)) : double.LogP1(-Math.Exp(x));

    /// <summary>log h(z) where h(z) = φ(z) + z Φ(z), the expected improvement of a standard normal over -z.</summary>
    public static double LogH(double z)
    {
        if (z > -1)
        {
            var h = Math.Exp(LogPdf(z)) + z * 0.5 * SpecialFunctions.Erfc(-z / Sqrt2);
            return Math.Log(Math.Max(h, double.Epsilon));
        }
        if (z < -1e8) return -0.5 * z * z - LogSqrt2Pi - 2 * Math.Log(-z);
        // h(z) = φ(z) (1 - |z| Φ(z)/φ(z)), and Φ(z)/φ(z) = erfcx(-z/√2) √(π/2).
        var inner = Math.Log(Erfcx(-z / Sqrt2) * -z) + LogSqrtPiOver2;
        return -0.5 * z * z - LogSqrt2Pi + Log1mExp(Math.Min(inner, -1e-300));
    }

    /// <summary>d log h / dz = Φ(z) / h(z).</summary>
    public static double DLogH(double z) => Math.Exp(LogCdf(z) - LogH(z));
}
