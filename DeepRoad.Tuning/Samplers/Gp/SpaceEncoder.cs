using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers.Gp;

/// <summary>
/// The GP's view of a search space: numeric parameters take one coordinate (their unit-cube value), categorical ones a
/// one-hot block. <see cref="Project"/> snaps a point to the nearest legal one (integers and steps rounded, one-hot
/// argmax, inactive coordinates reset), and the acquisition is always evaluated at projected points.
/// </summary>
internal sealed class SpaceEncoder
{
    internal enum SlotKind { Continuous, Discrete, Categorical }

    internal sealed record Slot(Parameter Parameter, int Offset, int Width, SlotKind Kind);

    private readonly SearchSpace _space;
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public SpaceEncoder(SearchSpace space)
    {
        _space = space;
        var offset = 0;
        var slots = new List<Slot>();
        foreach (var p in space.Dimensions)
        {
            var slot = p switch
            {
                CategoricalParameter c => new Slot(p, offset, c.Choices.Count, SlotKind.Categorical),
                _ when p.Cardinality is null => new Slot(p, offset, 1, SlotKind.Continuous),
                _ => new Slot(p, offset, 1, SlotKind.Discrete),
            };
            slots.Add(slot);
            _slots[p.Name] = slot;
            offset += slot.Width;
        }
        Slots = slots;
        Width = offset;
        _unconditional = space.Parameters.All(p => p.Condition is null);
    }

    private readonly bool _unconditional;

    /// <summary>
    /// The encoding of the legal point that unit-cube point <paramref name="unit"/> maps to: the same as
    /// <c>Encode(space.FromUnit(unit))</c>, without building a parameter set (its dictionary and key) when no parameter is
    /// conditional. Candidate generation calls this hundreds of times per proposal.
    /// </summary>
    public double[] EncodeUnit(double[] unit)
    {
        if (!_unconditional) return Encode(_space.FromUnit(unit));
        var x = new double[Width];
        for (var d = 0; d < Slots.Count; d++)
        {
            var s = Slots[d];
            var v = s.Parameter.FromUnit(unit[d]);
            if (s.Kind == SlotKind.Categorical) x[s.Offset + ((CategoricalParameter)s.Parameter).IndexOf(v)] = 1;
            else x[s.Offset] = s.Parameter.ToUnit(v);
        }
        return x;
    }

    public IReadOnlyList<Slot> Slots { get; }

    /// <summary>Number of encoded coordinates.</summary>
    public int Width { get; }

    public double[] Encode(ParameterSet parameters)
    {
        var x = new double[Width];
        foreach (var s in Slots)
        {
            var active = parameters.TryGetValue(s.Parameter.Name, out var v);
            if (s.Kind == SlotKind.Categorical)
            {
                if (active) x[s.Offset + ((CategoricalParameter)s.Parameter).IndexOf(v!)] = 1;
            }
            else
            {
                x[s.Offset] = active ? s.Parameter.ToUnit(v!) : 0.5;
            }
        }
        return x;
    }

    public ParameterSet Decode(double[] x)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var p in _space.Parameters)
        {
            if (!_space.IsActive(p, values)) continue;
            if (!_slots.TryGetValue(p.Name, out var s))
            {
                values[p.Name] = p.FromUnit(0.5);
                continue;
            }
            if (s.Kind == SlotKind.Categorical)
            {
                var best = 0;
                for (var i = 1; i < s.Width; i++)
                    if (x[s.Offset + i] > x[s.Offset + best]) best = i;
                values[p.Name] = ((CategoricalParameter)p).Choices[best];
            }
            else
            {
                values[p.Name] = p.FromUnit(x[s.Offset]);
            }
        }
        return _space.Normalize(values);
    }

    public double[] Project(double[] x) => Encode(Decode(x));

    /// <summary>Encoded coordinates of the continuous parameters that are active at <paramref name="parameters"/>.</summary>
    public int[] ActiveContinuous(ParameterSet parameters) =>
        Slots.Where(s => s.Kind == SlotKind.Continuous && parameters.ContainsKey(s.Parameter.Name)).Select(s => s.Offset).ToArray();

    /// <summary>Projected neighbours: each active integer/step parameter one step up and down, each categorical switched to every other choice.</summary>
    public IEnumerable<double[]> DiscreteNeighbours(double[] x, ParameterSet parameters)
    {
        foreach (var s in Slots)
        {
            if (!parameters.TryGetValue(s.Parameter.Name, out var v)) continue;
            if (s.Kind == SlotKind.Categorical)
            {
                var current = ((CategoricalParameter)s.Parameter).IndexOf(v);
                for (var i = 0; i < s.Width; i++)
                {
                    if (i == current) continue;
                    var y = (double[])x.Clone();
                    for (var j = 0; j < s.Width; j++) y[s.Offset + j] = j == i ? 1 : 0;
                    yield return Project(y);
                }
            }
            else if (s.Kind == SlotKind.Discrete)
            {
                foreach (var delta in new[] { -1, 1 })
                {
                    object next = s.Parameter switch
                    {
                        IntParameter ip => ip.Normalize(ParameterValues.ToDouble(v, ip.Name) + delta * ip.Step),
                        FloatParameter fp => ParameterValues.ToDouble(v, fp.Name) + delta * fp.Step!.Value,
                        _ => v,
                    };
                    if (!s.Parameter.Contains(next)) continue;
                    var y = (double[])x.Clone();
                    y[s.Offset] = s.Parameter.ToUnit(next);
                    yield return Project(y);
                }
            }
        }
    }
}
