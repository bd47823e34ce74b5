using System.Globalization;

namespace DeepRoad.Tests.Cleaning;

/// <summary>Golden values computed with NumPy (see golden.txt for the script); one line "name v1 v2 ...".</summary>
internal static class Golden
{
    public static double[] Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Cleaning", "golden.txt");
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#')) continue;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 1 && parts[0] == name) return parts[1..].Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        }
        throw new InvalidOperationException($"golden value '{name}' not found in {path}");
    }
}
