namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Classification metrics with scikit-learn's definitions (<c>sklearn.metrics</c>), computed in double precision.
/// Classes are indices 0..k-1. Where a ratio has a zero denominator the result is 0, like scikit-learn's
/// default <c>zero_division="warn"</c> (which warns and returns 0). Macro and weighted averages run over the
/// labels present in the truth or the predictions, as scikit-learn does when <c>labels</c> is not given.
/// </summary>
public static class ClassificationMetrics
{
    /// <summary>Fraction of rows with <c>predicted == truth</c> (<c>accuracy_score</c>).</summary>
    public static double Accuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        CheckLengths(truth.Length, predicted.Length);
        long hits = 0;
        for (int i = 0; i < truth.Length; i++) if (truth[i] == predicted[i]) hits++;
        return (double)hits / truth.Length;
    }

    /// <summary>Mean recall over the classes present in the truth (<c>balanced_accuracy_score</c>).</summary>
    public static double BalancedAccuracy(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        var cm = Confusion(truth, predicted);
        double sum = 0;
        int present = 0;
        for (int c = 0; c < cm.ClassCount; c++)
        {
            long support = cm.Support(c);
            if (support == 0) continue;
            sum += (double)cm.TruePositives(c) / support;
            present++;
        }
        return sum / present;
    }

    /// <summary>Precision (<c>precision_score</c>) with the given averaging.</summary>
    public static double Precision(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, AverageKind average, int positiveClass = 1) =>
        Score(truth, predicted, average, positiveClass, Kind.Precision);

    /// <summary>Recall (<c>recall_score</c>) with the given averaging.</summary>
    public static double Recall(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, AverageKind average, int positiveClass = 1) =>
        Score(truth, predicted, average, positiveClass, Kind.Recall);

    /// <summary>F1 (<c>f1_score</c>) with the given averaging.</summary>
    public static double F1(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, AverageKind average, int positiveClass = 1) =>
        Score(truth, predicted, average, positiveClass, Kind.F1);

    /// <summary>Confusion matrix over classes 0..max(label) (or <paramref name="classCount"/> when larger).</summary>
    public static ConfusionMatrix Confusion(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classCount = 0)
    {
        CheckLengths(truth.Length, predicted.Length);
        int k = classCount;
        for (int i = 0; i < truth.Length; i++) k = Math.Max(k, Math.Max(truth[i], predicted[i]) + 1);
        return new ConfusionMatrix(truth, predicted, Math.Max(k, 1));
    }

    /// <summary>
    /// Binary ROC-AUC (<c>roc_auc_score</c>): rows whose truth equals <paramref name="positiveClass"/> are positive,
    /// <paramref name="scores"/> rank them. Tied scores count one half, which equals scikit-learn's trapezoidal area
    /// over its ROC curve. Throws when the truth holds only one class, as scikit-learn does.
    /// </summary>
    public static double RocAuc(ReadOnlySpan<int> truth, ReadOnlySpan<float> scores, int positiveClass = 1)
    {
        CheckLengths(truth.Length, scores.Length);
        var positive = new bool[truth.Length];
        for (int i = 0; i < truth.Length; i++) positive[i] = truth[i] == positiveClass;
        return RocAucCore(positive, scores);
    }

    /// <summary>
    /// Multiclass ROC-AUC, one-vs-rest, macro-averaged (<c>roc_auc_score(multi_class="ovr", average="macro")</c>):
    /// the mean of each class's binary AUC of its probability column. Classes absent from the truth are skipped
    /// (scikit-learn refuses such input).
    /// </summary>
    public static double RocAucOneVsRest(ReadOnlySpan<int> truth, PredictionMatrix probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        CheckLengths(truth.Length, probabilities.Rows);
        var positive = new bool[truth.Length];
        double sum = 0;
        int used = 0;
        for (int c = 0; c < probabilities.Width; c++)
        {
            int count = 0;
            for (int i = 0; i < truth.Length; i++) { positive[i] = truth[i] == c; if (positive[i]) count++; }
            if (count == 0 || count == truth.Length) continue;
            sum += RocAucCore(positive, probabilities.Column(c));
            used++;
        }
        if (used == 0)
            throw new ArgumentException("ROC-AUC is undefined: the truth holds only one class.", nameof(truth));
        return sum / used;
    }

    /// <summary>
    /// Log-loss (<c>log_loss</c> of scikit-learn 1.2 with <c>eps=1e-15</c> and <c>labels=range(k)</c>): each probability is
    /// clipped to [eps, 1-eps], each row renormalised to sum 1, and the mean of -log p(true class) returned.
    /// </summary>
    public static double LogLoss(ReadOnlySpan<int> truth, PredictionMatrix probabilities, double eps = 1e-15)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        CheckLengths(truth.Length, probabilities.Rows);
        int k = probabilities.Width;
        double total = 0;
        for (int r = 0; r < truth.Length; r++)
        {
            int t = truth[r];
            if ((uint)t >= (uint)k)
                throw new ArgumentException($"Row {r}: class index {t} is outside the {k} probability columns.", nameof(truth));
            var row = probabilities.Row(r);
            double rowSum = 0, pTrue = 0;
            for (int c = 0; c < k; c++)
            {
                double p = Math.Clamp((double)row[c], eps, 1 - eps);
                rowSum += p;
                if (c == t) pTrue = p;
            }
            total += -Math.Log(pTrue / rowSum);
        }
        return total / truth.Length;
    }

    private enum Kind { Precision, Recall, F1 }

    private static double Score(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, AverageKind average, int positiveClass, Kind kind)
    {
        var cm = Confusion(truth, predicted, positiveClass + 1);
        if (average == AverageKind.Binary)
            return Ratio(cm.TruePositives(positiveClass), cm.FalsePositives(positiveClass), cm.FalseNegatives(positiveClass), kind);

        if (average == AverageKind.Micro)
        {
            long tp = 0, fp = 0, fn = 0;
            for (int c = 0; c < cm.ClassCount; c++) { tp += cm.TruePositives(c); fp += cm.FalsePositives(c); fn += cm.FalseNegatives(c); }
            return Ratio(tp, fp, fn, kind);
        }

        double sum = 0, weightSum = 0;
        for (int c = 0; c < cm.ClassCount; c++)
        {
            long support = cm.Support(c);
            if (support == 0 && cm.PredictedCount(c) == 0) continue; // label absent from truth and predictions
            double w = average == AverageKind.Weighted ? support : 1.0;
            sum += w * Ratio(cm.TruePositives(c), cm.FalsePositives(c), cm.FalseNegatives(c), kind);
            weightSum += w;
        }
        return weightSum == 0 ? 0.0 : sum / weightSum;
    }

    private static double Ratio(long tp, long fp, long fn, Kind kind)
    {
        double precision = tp + fp == 0 ? 0.0 : (double)tp / (tp + fp);
        double recall = tp + fn == 0 ? 0.0 : (double)tp / (tp + fn);
        return kind switch
        {
            Kind.Precision => precision,
            Kind.Recall => recall,
            // scikit-learn 1.2: 2PR/(P+R), 0 when P+R = 0.
            _ => precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall),
        };
    }

    private static double RocAucCore(bool[] positive, ReadOnlySpan<float> scores)
    {
        int n = positive.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        long nPos = 0;
        double rankSumPos = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && keys[j + 1] == keys[i]) j++;
            double averageRank = (i + j) / 2.0 + 1.0; // 1-based average rank of the tie group
            for (int m = i; m <= j; m++)
                if (positive[order[m]]) { nPos++; rankSumPos += averageRank; }
            i = j + 1;
        }
        long nNeg = n - nPos;
        if (nPos == 0 || nNeg == 0)
            throw new ArgumentException("ROC-AUC is undefined: the truth holds only one class.");
        return (rankSumPos - nPos * (nPos + 1) / 2.0) / ((double)nPos * nNeg);
    }

    private static void CheckLengths(int truth, int predicted)
    {
        if (truth != predicted)
            throw new ArgumentException($"truth has {truth} rows but the predictions have {predicted}.");
        if (truth == 0)
            throw new ArgumentException("Cannot compute a metric on zero rows.");
    }
}
