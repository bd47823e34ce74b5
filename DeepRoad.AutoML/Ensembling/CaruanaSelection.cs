using DeepRoad.AutoML.Evaluation;

namespace DeepRoad.AutoML.Ensembling;

/// <summary>
/// Greedy forward ensemble selection with replacement (Caruana et al. 2004) over out-of-fold predictions:
/// start from the best member, then repeatedly add the member (again, if it helps most) that most improves
/// the blended score. Returns integer counts per candidate (the weights).
/// </summary>
internal static class CaruanaSelection
{
    public static int[] Select(IReadOnlyList<ScoreMatrix> candidates, float[] truth, AutoMLMetric metric, int rounds)
    {
        int m = candidates.Count;
        var counts = new int[m];
        if (m == 0) return counts;
        double Loss(ScoreMatrix p) => MetricCalculator.AsLoss(metric, MetricCalculator.Compute(metric, truth, p));
        int best = 0;
        double bestLoss = double.PositiveInfinity;
        for (int i = 0; i < m; i++)
        {
            double l = Loss(candidates[i]);
            if (l < bestLoss) { bestLoss = l; best = i; }
        }
        counts[best] = 1;
        int total = 1;
        var sum = (float[])candidates[best].Values.Clone();
        var trial = new ScoreMatrix(candidates[0].Rows, candidates[0].Width);
        for (int r = 1; r < rounds; r++)
        {
            int pick = -1;
            double pickLoss = bestLoss;
            for (int i = 0; i < m; i++)
            {
                var v = candidates[i].Values;
                float inv = 1f / (total + 1);
                for (int j = 0; j < sum.Length; j++) trial.Values[j] = (sum[j] + v[j]) * inv;
                double l = Loss(trial);
                if (l < pickLoss - 1e-12) { pickLoss = l; pick = i; }
            }
            if (pick < 0) break; // no addition improves: stop early (keeps the ensemble small)
            counts[pick]++;
            total++;
            var pv = candidates[pick].Values;
            for (int j = 0; j < sum.Length; j++) sum[j] += pv[j];
            bestLoss = pickLoss;
        }
        return counts;
    }
}
