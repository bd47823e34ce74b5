namespace DeepRoad.Tuning.Spaces;

/// <summary>A real-valued parameter in [<see cref="Low"/>, <see cref="High"/>], uniform or log scale, optionally on a step grid.</summary>
public sealed record FloatParameter : Parameter
{
    /// <summary>Lower bound (inclusive).</summary>
    public required double Low { get; init; }

    /// <summary>Upper bound (inclusive).</summary>
    public required double High { get; init; }

    /// <summary>Sample on a log scale (requires <see cref="Low"/> &gt; 0).</summary>
    public bool Log { get; init; }

    /// <summary>When set, values are <c>Low + k * Step</c>; not combinable with <see cref="Log"/>.</summary>
    public double? Step { get; init; }

    private int StepCount => (int)Math.Floor((High - Low) / Step!.Value + 1e-9) + 1;

    /// <inheritdoc />
    public override int? Cardinality => Step is null ? null : StepCount;

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Parameter name is empty.");
        if (!double.IsFinite(Low) || !double.IsFinite(High) || Low > High)
            throw new ArgumentException($"Parameter '{Name}': need finite Low <= High, got [{Low}, {High}].");
        if (Log && Low <= 0) throw new ArgumentException($"Parameter '{Name}': a log scale needs Low > 0, got {Low}.");
        if (Step is { } s && (s <= 0 || Log)) throw new ArgumentException($"Parameter '{Name}': Step must be > 0 and cannot be combined with Log.");
    }

    /// <inheritdoc />
    public override double ToUnit(object value)
    {
        var v = Math.Clamp(ParameterValues.ToDouble(value, Name), Low, High);
        if (High == Low) return 0.5;
        if (Step is { } s)
        {
            var k = StepCount;
            return BinCentre(Math.Clamp((int)Math.Round((v - Low) / s), 0, k - 1), k);
        }
        return Log ? (Math.Log(v) - Math.Log(Low)) / (Math.Log(High) - Math.Log(Low)) : (v - Low) / (High - Low);
    }

    /// <inheritdoc />
    public override object FromUnit(double unit)
    {
        unit = Clamp01(unit);
        if (High == Low) return Low;
        if (Step is { } s) return Math.Min(High, Low + Bin(unit, StepCount) * s);
        var v = Log ? Math.Exp(Math.Log(Low) + unit * (Math.Log(High) - Math.Log(Low))) : Low + unit * (High - Low);
        return Math.Clamp(v, Low, High);
    }

    /// <inheritdoc />
    public override object Normalize(object value) => ParameterValues.ToDouble(value, Name);

    /// <inheritdoc />
    public override bool Contains(object value)
    {
        if (ParameterValues.Canonical(value) is not (int or long or double)) return false;
        var v = ParameterValues.ToDouble(value, Name);
        if (v < Low || v > High) return false;
        if (Step is { } s)
        {
            var k = (v - Low) / s;
            return Math.Abs(k - Math.Round(k)) < 1e-6;
        }
        return true;
    }

    /// <inheritdoc />
    public override IReadOnlyList<object> GridValues(int resolution)
    {
        if (Step is not null && StepCount <= resolution)
            return Enumerable.Range(0, StepCount).Select(i => (object)Math.Min(High, Low + i * Step!.Value)).ToArray();
        if (resolution <= 1 || High == Low) return [FromUnit(0.5)];
        return Enumerable.Range(0, resolution).Select(i => FromUnit((double)i / (resolution - 1))).Distinct().ToArray();
    }
}
