namespace DeepRoad.Pipelines.Metrics;

/// <summary>Computes a <see cref="MetricKind"/> from ground truth and a <see cref="PredictionMatrix"/>.</summary>
public static class Metric
{
    /// <summary>
    /// Computes <paramref name="kind"/>. Truth holds class indices for classification, values for regression.
    /// Binary Precision/Recall/F1 use class 1 as positive.
    /// </summary>
    public static double Compute(MetricKind kind, ReadOnlySpan<float> truth, PredictionMatrix predictions, MLTask task)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (truth.Length != predictions.Rows)
            throw new ArgumentException($"Metric {kind}: {truth.Length} labels but {predictions.Rows} prediction rows.");
        int n = predictions.Rows, w = predictions.Width;
        var v = predictions.Values;
        if (task == MLTask.Regression)
        {
            double sse = 0, sae = 0, mean = 0;
            for (int i = 0; i < n; i++) mean += truth[i];
            mean /= Math.Max(1, n);
            double sst = 0;
            for (int i = 0; i < n; i++)
            {
                double e = v[i * w] - truth[i];
                sse += e * e; sae += Math.Abs(e);
                sst += (truth[i] - mean) * (truth[i] - mean);
            }
            return kind switch
            {
                MetricKind.Mse => sse / n,
                MetricKind.Rmse => Math.Sqrt(sse / n),
                MetricKind.Mae => sae / n,
                MetricKind.R2 => sst == 0 ? (sse == 0 ? 1 : 0) : 1 - sse / sst,
                _ => throw new ArgumentException($"Metric {kind} is not a regression metric."),
            };
        }

        if (kind == MetricKind.LogLoss)
        {
            double ll = 0;
            for (int i = 0; i < n; i++)
            {
                double sum = 0;
                for (int k = 0; k < w; k++) sum += v[i * w + k];
                double p = sum > 0 ? v[i * w + (int)truth[i]] / sum : 1.0 / w;
                ll -= Math.Log(Math.Clamp(p, 1e-15, 1 - 1e-15));
            }
            return ll / n;
        }
        if (kind == MetricKind.RocAuc)
        {
            if (w != 2) throw new ArgumentException("Metric RocAuc needs binary predictions (width 2).");
            return Auc(truth, v);
        }

        var conf = new double[w, w];
        for (int i = 0; i < n; i++)
        {
            int best = 0;
            for (int k = 1; k < w; k++) if (v[i * w + k] > v[i * w + best]) best = k;
            conf[(int)truth[i], best]++;
        }
        double correct = 0;
        for (int k = 0; k < w; k++) correct += conf[k, k];
        double Prec(int k) { double s = 0; for (int j = 0; j < w; j++) s += conf[j, k]; return s == 0 ? 0 : conf[k, k] / s; }
        double Rec(int k) { double s = 0; for (int j = 0; j < w; j++) s += conf[k, j]; return s == 0 ? 0 : conf[k, k] / s; }
        double Support(int k) { double s = 0; for (int j = 0; j < w; j++) s += conf[k, j]; return s; }
        double F(int k) { double p = Prec(k), r = Rec(k); return p + r == 0 ? 0 : 2 * p * r / (p + r); }
        switch (kind)
        {
            case MetricKind.Accuracy:
            case MetricKind.MicroF1:
                return correct / n;
            case MetricKind.BalancedAccuracy:
            {
                double s = 0; int c = 0;
                for (int k = 0; k < w; k++) if (Support(k) > 0) { s += Rec(k); c++; }
                return s / Math.Max(1, c);
            }
            case MetricKind.Precision: return w == 2 ? Prec(1) : Enumerable.Range(0, w).Average(Prec);
            case MetricKind.Recall: return w == 2 ? Rec(1) : Enumerable.Range(0, w).Average(Rec);
            case MetricKind.F1: return w == 2 ? F(1) : Enumerable.Range(0, w).Average(F);
            case MetricKind.MacroF1: return Enumerable.Range(0, w).Average(F);
            case MetricKind.WeightedF1: return Enumerable.Range(0, w).Sum(k => F(k) * Support(k)) / n;
            default: throw new ArgumentException($"Metric {kind} is not a classification metric.");
        }
    }

    private static double Auc(ReadOnlySpan<float> truth, float[] v)
    {
        int n = truth.Length;
        var idx = Enumerable.Range(0, n).ToArray();
        var scores = new float[n];
        for (int i = 0; i < n; i++) scores[i] = v[2 * i + 1];
        Array.Sort(scores, idx);
        double pos = 0, rankSum = 0;
        int a = 0;
        var t = truth.ToArray();
        while (a < n)
        {
            int b = a;
            while (b + 1 < n && scores[b + 1] == scores[a]) b++;
            double rank = (a + b) / 2.0 + 1;
            for (int i = a; i <= b; i++) if (t[idx[i]] == 1) { pos++; rankSum += rank; }
            a = b + 1;
        }
        double neg = n - pos;
        if (pos == 0 || neg == 0) return 0.5;
        return (rankSum - pos * (pos + 1) / 2) / (pos * neg);
    }
}
