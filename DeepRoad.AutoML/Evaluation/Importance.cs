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
    public static IReadOnlyList<FeatureImportance> Compute(AutoMLModel model, List<(string Name, Array Values)> columns, float[] truth, int repeats, int maxRows, int seed)
    {
        var rng = new Random(seed);
        if (truth.Length > maxRows)
        {
            var idx = Enumerable.Range(0, truth.Length).ToArray();
            rng.Shuffle(idx);
            var keep = idx.Take(maxRows).Order().ToArray();
            columns = columns.Select(c => (c.Name, Take(c.Values, keep))).ToList();
            truth = keep.Select(i => truth[i]).ToArray();
        }
        var metric = model.Metric;
        double Score(List<(string, Array)> cols) => Metric.Compute(metric, truth, model.Score(new InMemoryDataView(cols, truth.Length)), model.Task);
        double baseline = Score(columns);
        bool higher = metric.HigherIsBetter();
        var list = new List<FeatureImportance>();
        for (int c = 0; c < columns.Count; c++)
        {
            var drops = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                var permuted = columns.ToList();
                var copy = (Array)columns[c].Values.Clone();
                Shuffle(copy, rng);
                permuted[c] = (columns[c].Name, copy);
                double s = Score(permuted);
                drops.Add(higher ? baseline - s : s - baseline);
            }
            double mean = drops.Average();
            double sd = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, drops.Count - 1));
            list.Add(new FeatureImportance(columns[c].Name, mean, sd));
        }
        return list.OrderByDescending(f => f.Importance).ToList();
    }

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
