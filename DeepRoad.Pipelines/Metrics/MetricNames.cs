namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Parses metric names as a user types them (CLI options, config files), scikit-learn's scorer names included:
/// "accuracy", "balanced_accuracy", "precision", "recall", "f1", "macro_f1"/"f1_macro", "micro_f1", "weighted_f1",
/// "auc"/"roc_auc", "log_loss"/"logloss", "mse", "rmse", "mae", "r2". Case, '-' and '_' do not matter.
/// </summary>
public static class MetricNames
{
    private static readonly Dictionary<string, MetricKind> Aliases = new(StringComparer.Ordinal)
    {
        ["accuracy"] = MetricKind.Accuracy,
        ["acc"] = MetricKind.Accuracy,
        ["balancedaccuracy"] = MetricKind.BalancedAccuracy,
        ["precision"] = MetricKind.Precision,
        ["recall"] = MetricKind.Recall,
        ["f1"] = MetricKind.F1,
        ["macrof1"] = MetricKind.MacroF1,
        ["f1macro"] = MetricKind.MacroF1,
        ["microf1"] = MetricKind.MicroF1,
        ["f1micro"] = MetricKind.MicroF1,
        ["weightedf1"] = MetricKind.WeightedF1,
        ["f1weighted"] = MetricKind.WeightedF1,
        ["auc"] = MetricKind.RocAuc,
        ["rocauc"] = MetricKind.RocAuc,
        ["rocaucovr"] = MetricKind.RocAuc,
        ["logloss"] = MetricKind.LogLoss,
        ["neglogloss"] = MetricKind.LogLoss,
        ["crossentropy"] = MetricKind.LogLoss,
        ["mse"] = MetricKind.Mse,
        ["meansquarederror"] = MetricKind.Mse,
        ["rmse"] = MetricKind.Rmse,
        ["rootmeansquarederror"] = MetricKind.Rmse,
        ["mae"] = MetricKind.Mae,
        ["meanabsoluteerror"] = MetricKind.Mae,
        ["r2"] = MetricKind.R2,
        ["rsquared"] = MetricKind.R2,
    };

    /// <summary>The canonical name of each metric, as <see cref="ToName"/> writes it.</summary>
    public static IReadOnlyList<string> CanonicalNames { get; } =
        Enum.GetValues<MetricKind>().Select(ToName).ToArray();

    /// <summary>The canonical snake_case name of <paramref name="kind"/> (for example "roc_auc", "macro_f1").</summary>
    public static string ToName(MetricKind kind) => kind switch
    {
        MetricKind.Accuracy => "accuracy",
        MetricKind.BalancedAccuracy => "balanced_accuracy",
        MetricKind.Precision => "precision",
        MetricKind.Recall => "recall",
        MetricKind.F1 => "f1",
        MetricKind.MacroF1 => "macro_f1",
        MetricKind.MicroF1 => "micro_f1",
        MetricKind.WeightedF1 => "weighted_f1",
        MetricKind.RocAuc => "roc_auc",
        MetricKind.LogLoss => "log_loss",
        MetricKind.Mse => "mse",
        MetricKind.Rmse => "rmse",
        MetricKind.Mae => "mae",
        MetricKind.R2 => "r2",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses <paramref name="name"/>; false when it names no metric.</summary>
    public static bool TryParse(string? name, out MetricKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(name)) return false;
        var key = new string(name.Trim().ToLowerInvariant().Where(c => c != '_' && c != '-' && c != ' ').ToArray());
        return Aliases.TryGetValue(key, out kind);
    }

    /// <summary>
    /// Parses <paramref name="name"/>, throwing an <see cref="ArgumentException"/> that names
    /// <paramref name="optionName"/> and lists the valid values when it names no metric.
    /// </summary>
    public static MetricKind Parse(string? name, string optionName = "--metric")
    {
        if (TryParse(name, out var kind)) return kind;
        throw new ArgumentException(
            $"{optionName}: unknown metric '{name}'. Valid values: {string.Join(", ", CanonicalNames)} (aliases: auc, logloss, f1_macro, f1_micro, f1_weighted).",
            optionName);
    }
}
