namespace DeepRoad.Pipelines.Evaluation;

/// <summary>
/// Mean and population standard deviation (ddof = 0, like scikit-learn's <c>cv_results_</c>) of one metric over
/// folds; folds where the metric was undefined (NaN) are left out and not counted.
/// </summary>
/// <param name="Mean">Mean over the folds with a value (NaN when none).</param>
/// <param name="StandardDeviation">Population standard deviation over the same folds.</param>
/// <param name="Count">Number of folds with a value.</param>
public sealed record MetricSummary(double Mean, double StandardDeviation, int Count)
{
    /// <summary>Summarises <paramref name="values"/>, ignoring NaN.</summary>
    public static MetricSummary Of(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var finite = values.Where(v => !double.IsNaN(v)).ToArray();
        if (finite.Length == 0) return new MetricSummary(double.NaN, double.NaN, 0);
        double mean = finite.Average();
        double variance = finite.Sum(v => (v - mean) * (v - mean)) / finite.Length;
        return new MetricSummary(mean, Math.Sqrt(variance), finite.Length);
    }
}
