namespace DeepRoad.AutoML.Search;

/// <summary>
/// One searchable parameter, mapped to [0, 1] for the sampler. <see cref="Choices"/> makes it categorical
/// (the value is then one of the choices).
/// </summary>
internal sealed record ParamSpec(string Name, double Min, double Max, double Default, bool Log = false, bool Integer = false, double[]? Choices = null)
{
    /// <summary>Unit-cube coordinate to a parameter value.</summary>
    public double FromUnit(double u)
    {
        u = Math.Clamp(u, 0, 1);
        if (Choices is { } c) return c[Math.Min(c.Length - 1, (int)(u * c.Length))];
        double v = Log ? Math.Exp(Math.Log(Min) + u * (Math.Log(Max) - Math.Log(Min))) : Min + u * (Max - Min);
        return Integer ? Math.Round(v) : v;
    }

    /// <summary>Parameter value to its unit-cube coordinate (centre of the bin for categoricals).</summary>
    public double ToUnit(double v)
    {
        if (Choices is { } c)
        {
            int i = Array.IndexOf(c, v);
            return (Math.Max(i, 0) + 0.5) / c.Length;
        }
        double u = Log ? (Math.Log(v) - Math.Log(Min)) / (Math.Log(Max) - Math.Log(Min)) : (v - Min) / (Max - Min);
        return Math.Clamp(u, 0, 1);
    }
}
