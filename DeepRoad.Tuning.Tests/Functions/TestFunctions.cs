using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Tests.Functions;

/// <summary>Standard optimisation test functions with their spaces and known minima.</summary>
public static class TestFunctions
{
    public const double BraninMinimum = 0.397887;

    public static SearchSpace BraninSpace { get; } = new(Parameter.Float("x1", -5, 10), Parameter.Float("x2", 0, 15));

    public static double Branin(ParameterSet p) => Branin(p.GetDouble("x1"), p.GetDouble("x2"));

    public static double Branin(double x1, double x2)
    {
        const double a = 1, b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, r = 6, s = 10, t = 1 / (8 * Math.PI);
        var q = x2 - b * x1 * x1 + c * x1 - r;
        return a * q * q + s * (1 - t) * Math.Cos(x1) + s;
    }
}
