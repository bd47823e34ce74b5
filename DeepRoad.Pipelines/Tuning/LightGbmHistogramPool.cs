using System.Reflection;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>
/// Bounds LightGBM's histogram cache. LightGBM keeps one feature histogram per leaf so that a split's second child is
/// found by subtraction; with no limit (its default, which ML.NET keeps) that cache is leaves x features x bins: 2 GB
/// for 226 leaves on 12 000 text n-grams, 5.4 GB on 90 000, all of it native memory that a memory watchdog cannot free.
/// LightGBM's <c>histogram_pool_size</c> (MB) caps it; leaves past the cap have their histograms rebuilt instead. With
/// room for a few histograms the trees are the same and only the time changes (checked at 0.5 MB against no cap on
/// breast_cancer); a cap below about two histograms does change them, through rounding in the rebuilt histograms.
/// ML.NET 5 has no option for it: this writes it into the trainer's parameter dictionary
/// (<c>LightGbmTrainerBase.GbmOptions</c>), which ML.NET hands to LightGBM as is.
/// </summary>
public static class LightGbmHistogramPool
{
    /// <summary>The cap DeepRoad's LightGbm trainers get: 256 MB per fit; tabular data with a few hundred features never reaches it.</summary>
    public const double DefaultMegabytes = 256;

    /// <summary>The LightGBM parameter name.</summary>
    public const string Parameter = "histogram_pool_size";

    /// <summary>Caps <paramref name="trainer"/>'s histogram cache at <paramref name="megabytes"/> MB and returns it.</summary>
    /// <exception cref="ArgumentException">The estimator is not an ML.NET LightGbm trainer.</exception>
    /// <exception cref="InvalidOperationException">This ML.NET version has no parameter dictionary where 5.0 has it.</exception>
    public static TTrainer Limit<TTrainer>(TTrainer trainer, double megabytes = DefaultMegabytes) where TTrainer : class
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(megabytes, 0);
        Options(trainer)[Parameter] = megabytes;
        return trainer;
    }

    /// <summary>The LightGBM parameters <paramref name="trainer"/> will pass (read-only view, for checks).</summary>
    public static IReadOnlyDictionary<string, object> Parameters(object trainer) => Options(trainer);

    private static Dictionary<string, object> Options(object trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        for (var t = trainer.GetType(); t is not null; t = t.BaseType)
        {
            if (!t.IsGenericType || t.GetGenericTypeDefinition().FullName != "Microsoft.ML.Trainers.LightGbm.LightGbmTrainerBase`4") continue;
            var field = t.GetField("GbmOptions", BindingFlags.NonPublic | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{t.Assembly.GetName()} has no LightGbmTrainerBase.GbmOptions; the histogram cap needs a new way in for this ML.NET version.");
            return field.GetValue(trainer) as Dictionary<string, object>
                ?? throw new InvalidOperationException("LightGbmTrainerBase.GbmOptions is not set on this trainer.");
        }
        throw new ArgumentException($"{trainer.GetType().Name} is not an ML.NET LightGbm trainer.", nameof(trainer));
    }
}
