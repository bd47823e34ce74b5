namespace DeepRoad.Pipelines.Metrics;

/// <summary>Properties of <see cref="MetricKind"/> values.</summary>
public static class MetricKindExtensions
{
    /// <summary>True when larger values are better (accuracy, AUC, R2 ...); false for losses and errors.</summary>
    public static bool HigherIsBetter(this MetricKind kind) => kind switch
    {
        MetricKind.LogLoss or MetricKind.Mse or MetricKind.Rmse or MetricKind.Mae => false,
        _ => true,
    };

    /// <summary>True for metrics of classification tasks, false for regression metrics.</summary>
    public static bool IsClassification(this MetricKind kind) => kind switch
    {
        MetricKind.Mse or MetricKind.Rmse or MetricKind.Mae or MetricKind.R2 => false,
        _ => true,
    };

    /// <summary>True when the metric can be computed for <paramref name="task"/>.</summary>
    public static bool AppliesTo(this MetricKind kind, MLTask task) =>
        kind.IsClassification() == (task != MLTask.Regression);

    /// <summary>The metric a task is usually judged by: ROC-AUC (binary), log-loss (multiclass), RMSE (regression).</summary>
    public static MetricKind DefaultFor(MLTask task) => task switch
    {
        MLTask.BinaryClassification => MetricKind.RocAuc,
        MLTask.MulticlassClassification => MetricKind.LogLoss,
        MLTask.Regression => MetricKind.Rmse,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };

    /// <summary>A sensible set of metrics to report for <paramref name="task"/>, the default first.</summary>
    public static IReadOnlyList<MetricKind> StandardSetFor(MLTask task) => task switch
    {
        MLTask.BinaryClassification => [MetricKind.RocAuc, MetricKind.Accuracy, MetricKind.F1, MetricKind.LogLoss],
        MLTask.MulticlassClassification => [MetricKind.LogLoss, MetricKind.Accuracy, MetricKind.MacroF1, MetricKind.RocAuc],
        MLTask.Regression => [MetricKind.Rmse, MetricKind.Mae, MetricKind.R2],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
    };
}
