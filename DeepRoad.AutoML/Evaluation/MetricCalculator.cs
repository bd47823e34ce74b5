using DeepRoad.Pipelines;

namespace DeepRoad.AutoML.Evaluation;

/// <summary>Metrics with scikit-learn's definitions over a <see cref="ScoreMatrix"/> and ground truth.</summary>
internal static class MetricCalculator
{
    public static AutoMLMetric Resolve(AutoMLMetric m, MLTask task)
    {
        if (m == AutoMLMetric.Auto)
            return task switch
            {
                MLTask.BinaryClassification => AutoMLMetric.RocAuc,
                MLTask.MulticlassClassification => AutoMLMetric.Accuracy,
                _ => AutoMLMetric.Rmse,
            };
        bool regressionMetric = m is AutoMLMetric.Rmse or AutoMLMetric.Mae or AutoMLMetric.R2;
        if (regressionMetric != (task == MLTask.Regression))
            throw new ArgumentException($"metric (--metric) {m} does not fit the task {task}.");
        return m;
    }

    public static bool HigherIsBetter(AutoMLMetric m) => m is AutoMLMetric.Accuracy or AutoMLMetric.MacroF1 or AutoMLMetric.RocAuc or AutoMLMetric.R2;

    /// <summary>The metric as a loss (lower is better), for optimisers.</summary>
    public static double AsLoss(AutoMLMetric m, double value) => HigherIsBetter(m) ? -value : value;

    public static double Compute(AutoMLMetric m, ReadOnlySpan<float> truth, ScoreMatrix p) => m switch
    {
        AutoMLMetric.Accuracy => Accuracy(truth, p),
        AutoMLMetric.MacroF1 => MacroF1(truth, p),
        AutoMLMetric.RocAuc => p.Width == 2 ? Auc(truth, p, 1) : MacroAucOvr(truth, p),
        AutoMLMetric.LogLoss => LogLoss(truth, p),
        AutoMLMetric.Rmse => Math.Sqrt(Mse(truth, p)),
        AutoMLMetric.Mae => Mae(truth, p),
        AutoMLMetric.R2 => R2(truth, p),
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    /// <summary>The standard report for a task: accuracy, macro_f1, auc, log_loss or rmse, mae, r2.</summary>
    public static IReadOnlyDictionary<string, double> Report(MLTask task, ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        var d = new Dictionary<string, double>();
        if (task == MLTask.Regression)
        {
            d["rmse"] = Math.Sqrt(Mse(truth, p));
            d["mae"] = Mae(truth, p);
            d["r2"] = R2(truth, p);
        }
        else
        {
            d["accuracy"] = Accuracy(truth, p);
            d["macro_f1"] = MacroF1(truth, p);
            d["auc"] = p.Width == 2 ? Auc(truth, p, 1) : MacroAucOvr(truth, p);
            d["log_loss"] = LogLoss(truth, p);
        }
        return d;
    }

    public static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int i = 1; i < row.Length; i++) if (row[i] > row[best]) best = i;
        return best;
    }

    public static double Accuracy(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        int ok = 0;
        for (int r = 0; r < p.Rows; r++) if (ArgMax(p.Row(r)) == (int)truth[r]) ok++;
        return (double)ok / p.Rows;
    }

    public static int[,] Confusion(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        var c = new int[p.Width, p.Width];
        for (int r = 0; r < p.Rows; r++) c[(int)truth[r], ArgMax(p.Row(r))]++;
        return c;
    }

    public static double MacroF1(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        var c = Confusion(truth, p);
        int k = p.Width;
        double sum = 0;
        int present = 0;
        for (int i = 0; i < k; i++)
        {
            double tp = c[i, i], fp = 0, fn = 0;
            for (int j = 0; j < k; j++) { if (j != i) { fp += c[j, i]; fn += c[i, j]; } }
            if (tp + fp + fn == 0) continue; // sklearn: label absent from both -> excluded by labels in y
            present++;
            sum += tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
        }
        return present == 0 ? 0 : sum / present;
    }

    /// <summary>ROC-AUC of column <paramref name="positive"/> against truth == positive (ties averaged).</summary>
    public static double Auc(ReadOnlySpan<float> truth, ScoreMatrix p, int positive)
    {
        int n = p.Rows;
        var idx = new int[n];
        var s = new float[n];
        for (int i = 0; i < n; i++) { idx[i] = i; s[i] = p.Values[i * p.Width + positive]; }
        Array.Sort(s, idx);
        double rankSumPos = 0;
        long nPos = 0;
        int a = 0;
        while (a < n)
        {
            int b = a;
            while (b + 1 < n && s[b + 1] == s[a]) b++;
            double avgRank = (a + b) / 2.0 + 1;
            for (int i = a; i <= b; i++) if ((int)truth[idx[i]] == positive) { rankSumPos += avgRank; nPos++; }
            a = b + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0) return 0.5;
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double)nPos * nNeg);
    }

    public static double MacroAucOvr(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        double sum = 0;
        for (int k = 0; k < p.Width; k++) sum += Auc(truth, p, k);
        return sum / p.Width;
    }

    public static double LogLoss(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        const double eps = 1e-15;
        double sum = 0;
        for (int r = 0; r < p.Rows; r++)
        {
            var row = p.Row(r);
            double total = 0;
            foreach (var v in row) total += v;
            double q = total > 0 ? row[(int)truth[r]] / total : 1.0 / p.Width;
            sum -= Math.Log(Math.Clamp(q, eps, 1 - eps));
        }
        return sum / p.Rows;
    }

    public static double Mse(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        double s = 0;
        for (int r = 0; r < p.Rows; r++) { double e = truth[r] - (double)p.Values[r]; s += e * e; }
        return s / p.Rows;
    }

    public static double Mae(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        double s = 0;
        for (int r = 0; r < p.Rows; r++) s += Math.Abs(truth[r] - (double)p.Values[r]);
        return s / p.Rows;
    }

    public static double R2(ReadOnlySpan<float> truth, ScoreMatrix p)
    {
        double mean = 0;
        foreach (var t in truth) mean += t;
        mean /= truth.Length;
        double ssRes = 0, ssTot = 0;
        for (int r = 0; r < p.Rows; r++)
        {
            ssRes += Math.Pow(truth[r] - (double)p.Values[r], 2);
            ssTot += Math.Pow(truth[r] - mean, 2);
        }
        return ssTot == 0 ? 0 : 1 - ssRes / ssTot;
    }
}
