using System.Reflection;
using Microsoft.ML.Trainers.FastTree;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>
/// Stops ML.NET's FastTree and FastForest trainers from forcing full garbage collections on every fit.
/// </summary>
/// <remarks>
/// <para>
/// ML.NET 5.0.1's <c>FastTreeTrainerBase.Initialize</c> calls <c>GC.Collect(2, GCCollectionMode.Forced)</c> twice when
/// its <c>AllowGC</c> field is set. Every constructor sets that field, and no option clears it. With
/// <see cref="TreeOptions.MemoryStatistics"/> (on by default) a fit also calls <c>GC.GetTotalMemory(true)</c>, which
/// collects until the heap stops shrinking. So each fit makes at least three blocking collections of the whole process.
/// </para>
/// <para>
/// They run inside FastTree's process-wide training lock, and every other thread stops for them. Their cost grows with
/// everything else the process holds: in an AutoML search, the kept trials' fold models and predictions. After 15
/// trials on a 242-row table, a five-fold FastForest trial of 10 trees took 5-6 s instead of under 1 s, and FastForest
/// held a worker for 185 s of a 300 s search. The collections are bookkeeping: they change no tree, so a fit without them
/// gives the same model (<c>FastTreeCollectionsTests</c>).
/// </para>
/// <para>
/// <c>AllowGC</c> is private to ML.NET, so <see cref="Off{TTrainer}"/> clears it by reflection. If a later ML.NET
/// renames it, the trainer is returned unchanged and only the speed is lost; the tests fail so that it is noticed.
/// </para>
/// </remarks>
public static class FastTreeCollections
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    /// <summary>
    /// Clears the trainer's forced collections (<c>AllowGC</c>) and its memory statistics, and returns it. Any other
    /// estimator is returned as it is.
    /// </summary>
    public static TTrainer Off<TTrainer>(TTrainer trainer) where TTrainer : class
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (Base(trainer.GetType()) is not { } type) return trainer;
        type.GetField("AllowGC", Instance)?.SetValue(trainer, false);
        if (type.GetField("FastTreeTrainerOptions", Instance)?.GetValue(trainer) is TreeOptions options) options.MemoryStatistics = false;
        return trainer;
    }

    /// <summary>
    /// Whether a FastTree-family trainer will force collections when it fits (its <c>AllowGC</c>, or its memory
    /// statistics); null for another estimator or when ML.NET no longer has the field.
    /// </summary>
    public static bool? ForcesCollections(object trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        if (Base(trainer.GetType()) is not { } type) return null;
        if (type.GetField("AllowGC", Instance)?.GetValue(trainer) is not bool allow) return null;
        bool stats = type.GetField("FastTreeTrainerOptions", Instance)?.GetValue(trainer) is TreeOptions { MemoryStatistics: true };
        return allow || stats;
    }

    private static Type? Base(Type? t)
    {
        for (; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(FastTreeTrainerBase<,,>)) return t;
        return null;
    }
}
