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
    /// most improves the blend, and returns the best prefix of that sequence. Exact ties of the metric are broken by
    /// <see cref="EnsembleSelectionOptions.TieBreakMetric"/> when it is set; remaining ties go to the lower library index
    /// (and the shorter prefix), so the result is deterministic.
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
        var tie = options.TieBreakMetric;
        bool tieHigher = tie?.HigherIsBetter() ?? false;
        // A score is (metric, tie-break metric); the second is NaN when there is no tie-break.
        (double Main, double Tie) Score(float[] values)
        {
            var matrix = new PredictionMatrix(rows, width, values);
            return (Metric.Compute(metric, t, matrix, task), tie is { } k ? Metric.Compute(k, t, matrix, task) : double.NaN);
        }
        bool Better((double Main, double Tie) a, (double Main, double Tie) b) =>
            a.Main != b.Main ? (higher ? a.Main > b.Main : a.Main < b.Main)
            : tie is not null && (tieHigher ? a.Tie > b.Tie : a.Tie < b.Tie);

        var counts = new int[m];
        var sum = new double[rows * width];
        int size = 0;
        var trajectory = new List<(double Main, double Tie)>();
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
        var ranked = Enumerable.Range(0, m).OrderBy(j => higher ? -single[j].Main : single[j].Main)
            .ThenBy(j => tie is null ? 0 : tieHigher ? -single[j].Tie : single[j].Tie).ThenBy(j => j).ToArray();
        foreach (var j in ranked.Take(Math.Min(options.InitialBestN, m)))
        {
            Add(j);
            trajectory.Add(Score(Blend(null, size)));
        }
        for (int it = 0; it < options.Iterations; it++)
        {
            int best = -1;
            (double Main, double Tie) bestScore = default;
            for (int j = 0; j < m; j++)
            {
                var s = Score(Blend(j, size + 1));
                if (best < 0 || Better(s, bestScore)) { best = j; bestScore = s; }
            }
            Add(best);
            trajectory.Add(bestScore);
        }

        // Best prefix of the greedy sequence (earliest on ties of both metrics).
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
        return new EnsembleSelectionResult(finalCounts, Metric.Compute(metric, t, blendMatrix, task), trajectory.Select(x => x.Main).ToList(), blendMatrix);
    }

    /// <summary>
    /// The selection's own score, cross-validated (nested): the rows are split into <paramref name="folds"/> folds
    /// (stratified by class for classification, seeded), the selection runs on the other folds' rows, and its blend
    /// predicts the held-out fold. <see cref="Select"/>'s score is measured on the rows it chose the weights on, so it
    /// is optimistic, most of all on small data with a large library; this one is comparable with a stacking
    /// meta-learner's cross-validated score. Returns the nested out-of-fold blend and its metric.
    /// </summary>
    public static (PredictionMatrix OutOfFold, double Score) CrossValidate(IReadOnlyList<PredictionMatrix> library, ReadOnlySpan<float> truth, MLTask task,
        EnsembleSelectionOptions? options = null, int folds = 5, int seed = 0, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(library);
        options ??= new EnsembleSelectionOptions();
        options.Validate(library.Count);
        int rows = library[0].Rows, width = library[0].Width;
        if (truth.Length != rows) throw new ArgumentException($"{truth.Length} labels for {rows} prediction rows.", nameof(truth));
        if (folds < 2 || folds > rows) throw new ArgumentException($"folds must be between 2 and the row count {rows} (got {folds}).", nameof(folds));
        var t = truth.ToArray();
        var fold = AssignFolds(t, task, folds, seed);
        var nested = new float[rows * width];
        for (int f = 0; f < folds; f++)
        {
            ct.ThrowIfCancellationRequested();
            var fit = Enumerable.Range(0, rows).Where(r => fold[r] != f).ToArray();
            var part = library.Select(m => Slice(m, fit)).ToList();
            var weights = Select(part, fit.Select(r => t[r]).ToArray(), task, options).Weights;
            for (int r = 0; r < rows; r++)
            {
                if (fold[r] != f) continue;
                for (int j = 0; j < library.Count; j++)
                {
                    if (weights[j] == 0) continue;
                    var v = library[j].Values;
                    for (int c = 0; c < width; c++) nested[r * width + c] += (float)(v[r * width + c] * weights[j]);
                }
            }
        }
        var matrix = new PredictionMatrix(rows, width, nested);
        return (matrix, Metric.Compute(options.Metric, t, matrix, task));
    }

    /// <summary>
    /// The fold (0 to <paramref name="folds"/> - 1) of each row for a nested cross-validation over out-of-fold predictions:
    /// stratified for classification (rows ordered by class, then by a seeded shuffle, dealt round-robin), seeded.
    /// </summary>
    public static int[] AssignFolds(ReadOnlySpan<float> truth, MLTask task, int folds, int seed)
    {
        int rows = truth.Length;
        if (folds < 2 || folds > rows) throw new ArgumentException($"folds must be between 2 and the row count {rows} (got {folds}).", nameof(folds));
        var t = truth.ToArray();
        var rng = new Random(seed);
        var key = Enumerable.Range(0, rows).Select(_ => rng.Next()).ToArray();
        var order = Enumerable.Range(0, rows).OrderBy(r => task == MLTask.Regression ? 0 : t[r]).ThenBy(r => key[r]).ThenBy(r => r).ToArray();
        var fold = new int[rows];
        for (int p = 0; p < rows; p++) fold[order[p]] = p % folds;
        return fold;
    }

    private static PredictionMatrix Slice(PredictionMatrix m, int[] rows)
    {
        var v = new float[rows.Length * m.Width];
        for (int i = 0; i < rows.Length; i++) Array.Copy(m.Values, rows[i] * m.Width, v, i * m.Width, m.Width);
        return new PredictionMatrix(rows.Length, m.Width, v);
    }
}
