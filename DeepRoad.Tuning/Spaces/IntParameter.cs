namespace DeepRoad.Tuning.Spaces;

/// <summary>An integer parameter in [<see cref="Low"/>, <see cref="High"/>] (inclusive), uniform or log scale, optional step.</summary>
public sealed record IntParameter : Parameter
{
    /// <summary>Lower bound (inclusive).</summary>
    public required int Low { get; init; }

    /// <summary>Upper bound (inclusive).</summary>
    public required int High { get; init; }

    /// <summary>Sample on a log scale (requires <see cref="Low"/> &gt;= 1 and <see cref="Step"/> = 1).</summary>
    public bool Log { get; init; }

    /// <summary>Values are <c>Low + k * Step</c>.</summary>
    public int Step { get; init; } = 1;

    private int Count => (High - Low) / Step + 1;

    /// <inheritdoc />
    public override int? Cardinality => Count;

    /// <inheritdoc />
    public override void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("Parameter name is empty.");
        if (Low > High) throw new ArgumentException($"Parameter '{Name}': need Low <= High, got [{Low}, {High}].");
        if (Step < 1) throw new ArgumentException($"Parameter '{Name}': Step must be >= 1.");
        if (Log && (Low < 1 || Step != 1)) throw new ArgumentException($"Parameter '{Name}': a log scale needs Low >= 1 and Step = 1.");
    }

    // Log scale: the integer v owns the interval [v - 0.5, v + 0.5] in log space, so each value keeps its share.
    private double LogLo => Math.Log(Low - 0.5);
    private double LogHi => Math.Log(High + 0.5);

    /// <inheritdoc />
    public override double ToUnit(object value)
    {
        var v = Math.Clamp((int)Math.Round(ParameterValues.ToDouble(value, Name)), Low, High);
        if (Low == High) return 0.5;
        if (Log)
        {
            // centre of the value's log interval
            var a = (Math.Log(v - 0.5) - LogLo) / (LogHi - LogLo);
            var b = (Math.Log(v + 0.5) - LogLo) / (LogHi - LogLo);
            return 0.5 * (a + b);
        }
        return BinCentre((v - Low) / Step, Count);
    }

    /// <inheritdoc />
    public override object FromUnit(double unit)
    {
        unit = Clamp01(unit);
        if (Low == High) return Low;
        if (Log)
        {
            var x = Math.Exp(LogLo + unit * (LogHi - LogLo));
            return Math.Clamp((int)Math.Round(x, MidpointRounding.AwayFromZero), Low, High);
        }
        return Low + Bin(unit, Count) * Step;
    }

    /// <inheritdoc />
    public override object Normalize(object value) => (int)Math.Round(ParameterValues.ToDouble(value, Name));

    /// <inheritdoc />
    public override bool Contains(object value)
    {
        if (ParameterValues.Canonical(value) is not (int or long or double)) return false;
        var d = ParameterValues.ToDouble(value, Name);
        return d == Math.Round(d) && d >= Low && d <= High && ((long)d - Low) % Step == 0;
    }

    /// <inheritdoc />
    public override IReadOnlyList<object> GridValues(int resolution)
    {
        if (Count <= Math.Max(resolution, 1)) return Enumerable.Range(0, Count).Select(i => (object)(Low + i * Step)).ToArray();
        if (resolution <= 1) return [FromUnit(0.5)];
        // Evenly spaced in the (log) range including both ends.
        return Enumerable.Range(0, resolution)
            .Select(i =>
            {
                var t = (double)i / (resolution - 1);
                var x = Log ? Math.Exp(Math.Log(Low) + t * (Math.Log(High) - Math.Log(Low))) : Low + t * (High - Low);
                var k = (int)Math.Round((x - Low) / Step);
                return (object)Math.Clamp(Low + k * Step, Low, High);
            })
            .Distinct().ToArray();
    }
}
