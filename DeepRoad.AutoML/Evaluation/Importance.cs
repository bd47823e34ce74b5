using DeepRoad.AutoML.Data;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML.Evaluation;

/// <summary>Permutation importance: shuffle one column at a time (seeded) and measure the metric's change.</summary>
internal static class Importance
{
    public static IReadOnlyList<FeatureImportance> Compute(AutoMLModel model, RawTable table, int repeats, int maxRows, int seed)
    {
        var rng = new Random(seed);
        if (table.RowCount > maxRows)
        {
            var idx = Enumerable.Range(0, table.RowCount).ToArray();
            rng.Shuffle(idx);
            table = Subset(table, idx.Take(maxRows).Order().ToArray());
        }
        var metric = model.Metric;
        double Score(RawTable t) => Metric.Compute(metric, t.Label!, model.Score(t), model.Task);
        double baseline = Score(table);
        bool higher = metric.HigherIsBetter();
        var list = new List<FeatureImportance>();
        foreach (var c in model.Schema.Features)
        {
            var drops = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                double s = Score(table.WithPermuted(c.Name, rng));
                drops.Add(higher ? baseline - s : s - baseline);
            }
            double mean = drops.Average();
            double sd = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, drops.Count - 1));
            list.Add(new FeatureImportance(c.Name, mean, sd));
        }
        return list.OrderByDescending(f => f.Importance).ToList();
    }

    public static RawTable Subset(RawTable t, int[] rows) => new()
    {
        Schema = t.Schema,
        RowCount = rows.Length,
        Numbers = t.Numbers.ToDictionary(kv => kv.Key, kv => rows.Select(i => kv.Value[i]).ToArray()),
        Strings = t.Strings.ToDictionary(kv => kv.Key, kv => rows.Select(i => kv.Value[i]).ToArray()),
        Label = t.Label is null ? null : rows.Select(i => t.Label[i]).ToArray(),
    };
}
