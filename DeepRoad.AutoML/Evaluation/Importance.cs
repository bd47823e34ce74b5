using DeepRoad.AutoML.Data;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML.Evaluation;

/// <summary>Permutation importance: shuffle one input column at a time (seeded) and measure the metric's change.</summary>
internal static class Importance
{
    /// <param name="model">The model to explain.</param>
    /// <param name="columns">The input columns of a typed view (see <see cref="AutoMLData.ReadColumns"/>).</param>
    /// <param name="truth">Class index or value per row.</param>
    /// <param name="repeats">Shuffles per column.</param>
    /// <param name="maxRows">Rows used at most (a seeded sample).</param>
    /// <param name="seed">Seed of the sample and the shuffles.</param>
    public static IReadOnlyList<FeatureImportance> Compute(AutoMLModel model, List<(string Name, Array Values)> columns, float[] truth, int repeats, int maxRows, int seed) =>
        Compute(model, columns, truth, repeats, maxRows, seed, null).Columns!;

    /// <summary>
    /// Importances (null when the budget left too few rows), the rows each shuffle was scored on, whether the budget cut
    /// them, the time every shuffle of the first sample would have taken at the measured pace (null without a budget), and
    /// the shuffles per column (one instead of several when only that leaves enough rows within the budget).
    /// </summary>
    internal readonly record struct Outcome(IReadOnlyList<FeatureImportance>? Columns, int Rows, bool Cut, TimeSpan? Estimate = null, int Repeats = 1);

    /// <summary>The fewest rows a shuffle is scored on when the rows are cut to fit a time budget.</summary>
    internal const int MinRows = 100;

    /// <summary>
    /// As <see cref="Compute(AutoMLModel, List{ValueTuple{string, Array}}, float[], int, int, int)"/>, within about
    /// <paramref name="budget"/> when one is given: the unshuffled rows are scored first and timed, and when scoring every
    /// shuffle at that pace would take longer than the budget, the sample is cut in proportion (at least
    /// <see cref="MinRows"/> rows; below that nothing is computed and <c>Columns</c> is null). A sample of at most
    /// <see cref="MinRows"/> rows is scored whole. The pace of a model depends
    /// on more than its columns and pipelines (fifty classes make every LightGbm pipeline score fifty trees a round), so
    /// it is measured rather than estimated. Returns the importances and the rows each shuffle was scored on.
    /// </summary>
    internal static Outcome Compute(AutoMLModel model, List<(string Name, Array Values)> columns, float[] truth,
        int repeats, int maxRows, int seed, TimeSpan? budget)
    {
        var rng = new Random(seed);
        // A seeded order of the rows; the sample is its first maxRows (or fewer, when the budget cuts it). Drawn from
        // the shuffles' generator only when maxRows cuts the rows, so a table of fewer rows gets the shuffles it always had.
        int[]? order = null;
        var all = (columns, truth);
        (List<(string Name, Array Values)>, float[]) Sample(int rows)
        {
            if (rows >= all.truth.Length) return all;
            if (order is null)
            {
                order = Enumerable.Range(0, all.truth.Length).ToArray();
                (all.truth.Length > maxRows ? rng : new Random(unchecked(seed * 31 + 17))).Shuffle(order);
            }
            var keep = order.Take(rows).Order().ToArray();
            return (all.columns.Select(c => (c.Name, Take(c.Values, keep))).ToList(), keep.Select(i => all.truth[i]).ToArray());
        }
        (columns, truth) = Sample(maxRows);
        var metric = model.Metric;
        int n = truth.Length;
        // A binary model's class metrics are taken at its decision threshold, as its predictions are.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double baseline = Metric.Compute(metric, truth, model.Score(new InMemoryDataView(columns, n)), model.Task, model.MetricThreshold);
        bool cut = false;
        TimeSpan? estimated = null;
        // A sample of MinRows rows or fewer is never cut: the budget could only take it below what it would keep anyway,
        // and its cost is already bounded (a slow first pass, with the pipelines' one-time set-up in it, would otherwise
        // drop a 30-row test file's importances altogether).
        if (budget is { } limit && n > MinRows)
        {
            var pass = clock.Elapsed;
            var estimate = pass * (columns.Count * repeats);
            estimated = estimate;
            if (estimate > limit)
            {
                int rows = (int)(n * (limit / estimate));
                // One shuffle per column on enough rows says more than two on too few.
                if (rows < MinRows && repeats > 1 && (int)(n * (limit / (pass * columns.Count))) >= MinRows)
                {
                    repeats = 1;
                    rows = (int)(n * (limit / (pass * columns.Count)));
                }
                if (rows < MinRows) return new Outcome(null, rows, true, estimate, repeats);
                cut = true;
                (columns, truth) = Sample(rows);
                n = truth.Length;
                baseline = Metric.Compute(metric, truth, model.Score(new InMemoryDataView(columns, n)), model.Task, model.MetricThreshold);
            }
        }
        bool higher = metric.HigherIsBetter();
        // Every (column, repeat) shuffle is drawn first, in the order a one-at-a-time loop would draw them, and then
        // scored in batches: each shuffle is a block of rows of one tall view, so the model's pipelines are set up once
        // per batch rather than once per shuffle (with 120 columns that was most of the time a report took).
        var shuffles = new List<(int Column, Array Values)>(columns.Count * repeats);
        for (int c = 0; c < columns.Count; c++)
            for (int r = 0; r < repeats; r++)
            {
                var copy = (Array)columns[c].Values.Clone();
                Shuffle(copy, rng);
                shuffles.Add((c, copy));
            }
        var drops = new double[shuffles.Count];
        int perBatch = Math.Max(1, MaxRowsPerBatch / Math.Max(1, n));
        for (int start = 0; start < shuffles.Count; start += perBatch)
        {
            var batch = shuffles.Skip(start).Take(perBatch).ToList();
            var tall = columns.Select((col, k) =>
            {
                var values = Array.CreateInstance(col.Values.GetType().GetElementType()!, n * batch.Count);
                for (int b = 0; b < batch.Count; b++)
                    Array.Copy(batch[b].Column == k ? batch[b].Values : col.Values, 0, values, b * n, n);
                return (col.Name, values);
            }).ToList();
            var scored = model.Score(new InMemoryDataView(tall, n * batch.Count));
            for (int b = 0; b < batch.Count; b++)
            {
                double s = Metric.Compute(metric, truth, scored.SelectRows(Enumerable.Range(b * n, n).ToArray()), model.Task, model.MetricThreshold);
                drops[start + b] = higher ? baseline - s : s - baseline;
            }
        }
        var list = new List<FeatureImportance>();
        for (int c = 0; c < columns.Count; c++)
        {
            var d = drops.Skip(c * repeats).Take(repeats).ToList();
            double mean = d.Average();
            double sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, d.Count - 1));
            list.Add(new FeatureImportance(columns[c].Name, mean, sd));
        }
        return new Outcome(list.OrderByDescending(f => f.Importance).ToList(), n, cut, estimated, repeats);
    }

    /// <summary>Rows scored in one pass at most (blocks of shuffled copies).</summary>
    private const int MaxRowsPerBatch = 50_000;

    private static Array Take(Array values, int[] rows)
    {
        var result = Array.CreateInstance(values.GetType().GetElementType()!, rows.Length);
        for (int i = 0; i < rows.Length; i++) result.SetValue(values.GetValue(rows[i]), i);
        return result;
    }

    private static void Shuffle(Array a, Random rng)
    {
        for (int i = a.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            var t = a.GetValue(i);
            a.SetValue(a.GetValue(j), i);
            a.SetValue(t, j);
        }
    }
}
