using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles;

/// <summary>
/// Caruana et al. (2004) ensemble selection: greedy forward selection with replacement over a library of
/// members' (out-of-fold) predictions, giving integer weights. Optimises any <see cref="MetricKind"/>.
/// </summary>
public static class EnsembleSelection
{
    /// <summary>
    /// Selects a weighted blend of <paramref name="library"/> that optimises <see cref="EnsembleSelectionOptions.Metric"/>
    /// on <paramref name="truth"/> (class index or value per row). Starts from the best
    /// <see cref="EnsembleSelectionOptions.InitialBestN"/> members, then repeatedly adds (with replacement) the member that
    /// most improves the blend, and returns the best prefix of that sequence. Ties go to the lower library index,
    /// so the result is deterministic.
    /// </summary>
    public static EnsembleSelectionResult Select(IReadOnlyList<PredictionMatrix> library, ReadOnlySpan<float> truth, MLTask task, EnsembleSelectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        options ??= new EnsembleSelectionOptions();
        options.Validate(library.Count);
        int rows = library[0].Rows, width = library[0].Width, m = library.Count;
        for (int i = 0; i < m; i++)
        {
            if (library[i] is null) throw new ArgumentException($"Library member {i} is null.", nameof(library));
            if (library[i].Rows != rows || library[i].Width != width)
                throw new ArgumentException($"Library member {i} is {library[i].Rows} x {library[i].Width}; member 0 is {rows} x {width}.", nameof(library));
        }
        if (truth.Length != rows) throw new ArgumentException($"{truth.Length} labels for {rows} prediction rows.", nameof(truth));
        var metric = options.Metric;
        bool higher = metric.HigherIsBetter();
        var t = truth.ToArray();
        double Score(float[] values) => Metric.Compute(metric, t, new PredictionMatrix(rows, width, values), task);
        bool Better(double a, double b) => higher ? a > b : a < b;

        var counts = new int[m];
        var sum = new double[rows * width];
        int size = 0;
        var trajectory = new List<double>();
        var sequence = new List<int>();

        void Add(int j)
        {
            var v = library[j].Values;
            for (int x = 0; x < sum.Length; x++) sum[x] += v[x];
            counts[j]++;
            size++;
            sequence.Add(j);
        }
        float[] Blend(int? extra, int total)
        {
            var result = new float[sum.Length];
            var ev = extra is int e ? library[e].Values : null;
            for (int x = 0; x < sum.Length; x++) result[x] = (float)((sum[x] + (ev?[x] ?? 0)) / total);
            return result;
        }

        var single = Enumerable.Range(0, m).Select(j => Score(library[j].Values)).ToArray();
        var ranked = Enumerable.Range(0, m).OrderBy(j => higher ? -single[j] : single[j]).ThenBy(j => j).ToArray();
        foreach (var j in ranked.Take(Math.Min(options.InitialBestN, m)))
        {
            Add(j);
            trajectory.Add(Score(Blend(null, size)));
        }
        for (int it = 0; it < options.Iterations; it++)
        {
            int best = -1;
            double bestScore = 0;
            for (int j = 0; j < m; j++)
            {
                double s = Score(Blend(j, size + 1));
                if (best < 0 || Better(s, bestScore)) { best = j; bestScore = s; }
            }
            Add(best);
            trajectory.Add(bestScore);
        }

        // Best prefix of the greedy sequence (earliest on ties).
        int bestLen = 1;
        for (int k = 1; k < trajectory.Count; k++) if (Better(trajectory[k], trajectory[bestLen - 1])) bestLen = k + 1;
        var finalCounts = new int[m];
        foreach (var j in sequence.Take(bestLen)) finalCounts[j]++;
        var blend = new float[rows * width];
        for (int j = 0; j < m; j++)
        {
            if (finalCounts[j] == 0) continue;
            var v = library[j].Values;
            for (int x = 0; x < blend.Length; x++) blend[x] += v[x] * finalCounts[j] / (float)bestLen;
        }
        var blendMatrix = new PredictionMatrix(rows, width, blend);
        return new EnsembleSelectionResult(finalCounts, Metric.Compute(metric, t, blendMatrix, task), trajectory, blendMatrix);
    }
}
