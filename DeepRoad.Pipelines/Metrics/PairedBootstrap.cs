namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Paired bootstrap comparison of two sets of predictions for the same rows: how often one scores better than the
/// other when the rows are resampled with replacement. A difference of a few rows on a small validation set is within
/// what resampling moves; this says how far it is.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>
    /// The share of <paramref name="resamples"/> bootstrap resamples of the rows on which <paramref name="a"/> scores
    /// better than <paramref name="b"/> on <paramref name="kind"/> (in its own direction; a tie counts half). Both are
    /// scored on the same resampled rows. For classification the rows are resampled within each class, so every
    /// resample keeps the class counts (and ROC-AUC stays defined). 0.5 means no evidence either way.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree, or fewer than 1 resample.</exception>
    public static double WinRate(MetricKind kind, ReadOnlySpan<float> truth, PredictionMatrix a, PredictionMatrix b, MLTask task, int resamples = 200, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rows != truth.Length || b.Rows != truth.Length || a.Width != b.Width)
            throw new ArgumentException($"truth has {truth.Length} rows, a is {a.Rows}x{a.Width}, b is {b.Rows}x{b.Width}: they must agree.", nameof(b));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        int n = truth.Length;
        if (n == 0) return 0.5;
        // Strata: one per class for classification, all rows for regression.
        int[][] strata = task == MLTask.Regression
            ? [Enumerable.Range(0, n).ToArray()]
            : truth.ToArray().Select((t, i) => (t, i)).GroupBy(x => x.t).OrderBy(g => g.Key).Select(g => g.Select(x => x.i).ToArray()).ToArray();
        bool higher = kind.HigherIsBetter();
        var rng = new Random(seed);
        var rows = new int[n];
        var sample = new float[n];
        double wins = 0;
        for (int r = 0; r < resamples; r++)
        {
            int k = 0;
            foreach (var s in strata)
                for (int j = 0; j < s.Length; j++) rows[k++] = s[rng.Next(s.Length)];
            for (int i = 0; i < n; i++) sample[i] = truth[rows[i]];
            double sa = Metric.Compute(kind, sample, a.SelectRows(rows), task), sb = Metric.Compute(kind, sample, b.SelectRows(rows), task);
            wins += sa == sb ? 0.5 : (sa > sb) == higher ? 1 : 0;
        }
        return wins / resamples;
    }
}
