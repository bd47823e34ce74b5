using System.Text.Json.Serialization;

namespace DeepRoad.Tuning.Spaces;

/// <summary>
/// One typed hyperparameter of a <see cref="SearchSpace"/>. Every parameter except <see cref="FixedParameter"/>
/// owns one dimension of the unit cube that samplers work in; <see cref="ToUnit"/> and <see cref="FromUnit"/>
/// map between a value and that coordinate (log scales and steps are handled here, so samplers never see types).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(FloatParameter), "float")]
[JsonDerivedType(typeof(IntParameter), "int")]
[JsonDerivedType(typeof(CategoricalParameter), "categorical")]
[JsonDerivedType(typeof(FixedParameter), "fixed")]
public abstract record Parameter
{
    /// <summary>Unique name; also the property name used when binding to an options record.</summary>
    public required string Name { get; init; }

    /// <summary>When set, the parameter exists only while its parent takes one of the given values.</summary>
    public ParameterCondition? Condition { get; init; }

    /// <summary>True when the parameter owns a unit-cube dimension (every kind but fixed).</summary>
    [JsonIgnore]
    public virtual bool HasDimension => true;

    /// <summary>Number of distinct values, or null for a continuous range.</summary>
    [JsonIgnore]
    public abstract int? Cardinality { get; }

    /// <summary>The value at the centre of the range (used for inactive or default coordinates).</summary>
    [JsonIgnore]
    public virtual object Default => FromUnit(0.5);

    /// <summary>Maps a value to its unit-cube coordinate in [0, 1].</summary>
    public abstract double ToUnit(object value);

    /// <summary>Maps a unit-cube coordinate (clamped to [0, 1]) to a value of this parameter.</summary>
    public abstract object FromUnit(double unit);

    /// <summary>Converts a loosely typed value (for example from JSON) to this parameter's canonical type.</summary>
    public abstract object Normalize(object value);

    /// <summary>True when <paramref name="value"/> is a legal value of this parameter.</summary>
    public abstract bool Contains(object value);

    /// <summary>Values a grid search visits: all of them when discrete and at most <paramref name="resolution"/>, else evenly spaced in unit space.</summary>
    public abstract IReadOnlyList<object> GridValues(int resolution);

    /// <summary>Returns a copy that exists only when <paramref name="parent"/> takes one of <paramref name="values"/>.</summary>
    public Parameter When(string parent, params object[] values) =>
        this with { Condition = new ParameterCondition(parent, values.Select(ParameterValues.Canonical).ToArray()) };

    /// <summary>Checks the definition and throws <see cref="ArgumentException"/> naming the parameter when it is invalid.</summary>
    public abstract void Validate();

    /// <summary>A float parameter in [low, high], optionally on a log scale or on a grid of <paramref name="step"/>.</summary>
    public static FloatParameter Float(string name, double low, double high, bool log = false, double? step = null) =>
        Checked(new FloatParameter { Name = name, Low = low, High = high, Log = log, Step = step });

    /// <summary>An integer parameter in [low, high] (inclusive), optionally on a log scale or with a step.</summary>
    public static IntParameter Int(string name, int low, int high, bool log = false, int step = 1) =>
        Checked(new IntParameter { Name = name, Low = low, High = high, Log = log, Step = step });

    /// <summary>A categorical parameter over the given choices (strings, numbers, booleans or enum values).</summary>
    public static CategoricalParameter Categorical(string name, params object[] choices) =>
        Checked(new CategoricalParameter { Name = name, Choices = choices.Select(ParameterValues.Canonical).ToArray() });

    /// <summary>A categorical parameter over every value of an enum.</summary>
    public static CategoricalParameter Categorical<TEnum>(string name) where TEnum : struct, Enum =>
        Categorical(name, Enum.GetValues<TEnum>().Cast<object>().ToArray());

    /// <summary>A parameter that always takes <paramref name="value"/> (occupies no unit-cube dimension).</summary>
    public static FixedParameter Fixed(string name, object value) =>
        Checked(new FixedParameter { Name = name, Value = ParameterValues.Canonical(value) });

    private static T Checked<T>(T p) where T : Parameter
    {
        p.Validate();
        return p;
    }

    /// <summary>Index in [0, k) of the bin that <paramref name="unit"/> falls into.</summary>
    internal static int Bin(double unit, int k) => Math.Clamp((int)Math.Floor(Clamp01(unit) * k), 0, k - 1);

    /// <summary>Centre of bin <paramref name="index"/> out of <paramref name="k"/>.</summary>
    internal static double BinCentre(int index, int k) => (index + 0.5) / k;

    internal static double Clamp01(double u) => double.IsNaN(u) ? 0.5 : Math.Clamp(u, 0.0, 1.0);
}
