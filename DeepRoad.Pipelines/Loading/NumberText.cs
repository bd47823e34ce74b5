using System.Globalization;

namespace DeepRoad.Pipelines.Loading;

/// <summary>Culture-invariant number parsing and formatting used by loading and inference.</summary>
internal static class NumberText
{
    private const NumberStyles Style = NumberStyles.Float;

    public static bool TryParse(string s, out double value)
        => double.TryParse(s, Style, CultureInfo.InvariantCulture, out value);

    /// <summary>Shortest round-trip text: 1.0 becomes "1", 0.5 stays "0.5".</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
