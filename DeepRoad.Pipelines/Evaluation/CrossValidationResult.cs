using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Splits;

namespace DeepRoad.Pipelines.Evaluation;

/// <summary>
/// The outcome of <see cref="CrossValidator"/>: per-fold metrics and times, their mean and standard deviation, and
/// the out-of-fold predictions (rows in the original order) that stacking and ensemble selection train on.
/// </summary>
public sealed class CrossValidationResult
{
    internal CrossValidationResult(
        MLTask task,
        IReadOnlyList<MetricKind> metrics,
        IReadOnlyList<Fold> folds,
        IReadOnlyList<FoldResult> foldResults,
        float[] truth,
        PredictionMatrix outOfFold,
        int[] testFoldOfRow,
        bool stoppedEarly)
    {
        Task = task;
        Metrics = metrics;
        Folds = folds;
        FoldResults = foldResults;
        Truth = truth;
        OutOfFold = outOfFold;
        TestFoldOfRow = testFoldOfRow;
        StoppedEarly = stoppedEarly;
        Summary = metrics.ToDictionary(m => m, m => MetricSummary.Of(foldResults.Select(f => f.Metrics[m])));
        OutOfFoldMetrics = ComputePooled();
    }

    /// <summary>The task that was evaluated.</summary>
    public MLTask Task { get; }

    /// <summary>The metrics computed; the first is <see cref="PrimaryMetric"/>.</summary>
    public IReadOnlyList<MetricKind> Metrics { get; }

    /// <summary>The first metric: what tuning optimises.</summary>
    public MetricKind PrimaryMetric => Metrics[0];

    /// <summary>The fold assignments used.</summary>
    public IReadOnlyList<Fold> Folds { get; }

    /// <summary>Results of the folds that finished, ordered by fold number.</summary>
    public IReadOnlyList<FoldResult> FoldResults { get; }

    /// <summary>Ground truth of every row (class index or value), as <see cref="LabelReader"/> read it.</summary>
    public float[] Truth { get; }

    /// <summary>
    /// Out-of-fold predictions: row i holds the prediction of the model that did not train on row i. Rows that no
    /// finished fold held out (e.g. the first block of a time-series split) are NaN; see <see cref="TestFoldOfRow"/>.
    /// </summary>
    public PredictionMatrix OutOfFold { get; }

    /// <summary>The fold that held out each row, or -1.</summary>
    public int[] TestFoldOfRow { get; }

    /// <summary>True when <see cref="CrossValidationOptions.OnFoldCompleted"/> stopped the run before every fold finished.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Mean and standard deviation of each metric over the folds.</summary>
    public IReadOnlyDictionary<MetricKind, MetricSummary> Summary { get; }

    /// <summary>Each metric computed once over all out-of-fold predictions pooled (NaN where undefined).</summary>
    public IReadOnlyDictionary<MetricKind, double> OutOfFoldMetrics { get; }

    /// <summary>Mean over folds of <paramref name="metric"/>.</summary>
    public double Mean(MetricKind metric) => Summary[metric].Mean;

    /// <summary>Standard deviation over folds of <paramref name="metric"/>.</summary>
    public double StandardDeviation(MetricKind metric) => Summary[metric].StandardDeviation;

    /// <summary>Mean over folds of the primary metric: the objective value of a tuning trial.</summary>
    public double PrimaryMean => Mean(PrimaryMetric);

    /// <summary>Total fit time over the finished folds.</summary>
    public TimeSpan TotalFitTime => TimeSpan.FromTicks(FoldResults.Sum(f => f.FitTime.Ticks));

    /// <summary>Rows with an out-of-fold prediction.</summary>
    public int[] CoveredRows() => Enumerable.Range(0, TestFoldOfRow.Length).Where(i => TestFoldOfRow[i] >= 0).ToArray();

    private Dictionary<MetricKind, double> ComputePooled()
    {
        var rows = CoveredRows();
        var result = new Dictionary<MetricKind, double>();
        if (rows.Length == 0)
        {
            foreach (var m in Metrics) result[m] = double.NaN;
            return result;
        }
        var truth = rows.Select(i => Truth[i]).ToArray();
        var predictions = OutOfFold.SelectRows(rows);
        foreach (var m in Metrics)
            result[m] = Metric.ComputeOrNaN(m, truth, predictions, Task);
        return result;
    }
}
