using System.Globalization;

namespace DeepRoad.AutoML.Search;

/// <summary>A trainer plus its parameter values (trainer and featurizer parameters).</summary>
internal sealed record TrialConfig(AutoMLTrainer Trainer, IReadOnlyDictionary<string, double> Parameters)
{
    public double this[string name] => Parameters[name];

    /// <summary>Stable text form, e.g. <c>LightGbm{lr=0.1, leaves=31}</c>; used in the leaderboard and for resume.</summary>
    public string Describe() =>
        string.Join(", ", Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value)}"));

    private static string Format(double v) => v == Math.Round(v) && Math.Abs(v) < 1e9
        ? ((long)v).ToString(CultureInfo.InvariantCulture)
        : v.ToString("G4", CultureInfo.InvariantCulture);
}
