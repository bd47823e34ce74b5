using System.Globalization;
using System.Reflection;

namespace DeepRoad.Tuning.Spaces;

/// <summary>Typed binding of a <see cref="ParameterSet"/> to an options record (init properties or a primary constructor).</summary>
public static class ParameterBinding
{
    /// <summary>See <see cref="ParameterSet.Bind{T}"/>.</summary>
    public static T Bind<T>(ParameterSet parameters, T? template = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var type = typeof(T);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        object instance;
        if (template is not null)
        {
            // Records expose a compiler-generated clone method; otherwise fall back to a shallow copy.
            var clone = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance);
            instance = clone is not null ? clone.Invoke(template, null)! : typeof(object).GetMethod("MemberwiseClone", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(template, null)!;
        }
        else if (type.GetConstructor(Type.EmptyTypes) is { } empty)
        {
            instance = empty.Invoke(null);
        }
        else
        {
            var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault()
                ?? throw new ArgumentException($"Cannot bind parameters to {type.Name}: it has no public constructor.");
            var args = ctor.GetParameters().Select(cp =>
            {
                var match = parameters.Keys.FirstOrDefault(k => string.Equals(k, cp.Name, StringComparison.OrdinalIgnoreCase));
                if (match is not null)
                {
                    used.Add(match);
                    return Convert(parameters[match], cp.ParameterType, match);
                }
                if (cp.HasDefaultValue) return cp.DefaultValue;
                throw new ArgumentException($"Cannot bind parameters to {type.Name}: constructor parameter '{cp.Name}' has no value and no default.");
            }).ToArray();
            instance = ctor.Invoke(args);
        }

        foreach (var (name, value) in parameters)
        {
            if (used.Contains(name)) continue;
            var prop = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (prop is null || !prop.CanWrite) continue;
            prop.SetValue(instance, Convert(value, prop.PropertyType, name));
        }
        return (T)instance;
    }

    /// <summary>Converts a canonical parameter value to <paramref name="target"/> (numbers, string, bool, enums by name, nullable).</summary>
    public static object? Convert(object value, Type target, string name)
    {
        var t = Nullable.GetUnderlyingType(target) ?? target;
        value = ParameterValues.Canonical(value);
        try
        {
            if (t.IsInstanceOfType(value) && t != typeof(object)) return value;
            if (t == typeof(object)) return value;
            if (t.IsEnum) return Enum.Parse(t, ParameterValues.Format(value), ignoreCase: true);
            if (t == typeof(string)) return ParameterValues.Format(value);
            if (t == typeof(bool) && value is string s) return bool.Parse(s);
            if (t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong))
            {
                var d = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (d != Math.Round(d)) throw new ArgumentException($"Parameter '{name}': {d} is not an integer.");
                return System.Convert.ChangeType(Math.Round(d), t, CultureInfo.InvariantCulture);
            }
            return System.Convert.ChangeType(value, t, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException($"Parameter '{name}': cannot convert '{ParameterValues.Format(value)}' to {t.Name}.", ex);
        }
    }
}
