using DeepRoad.Pipelines.Splits;

namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// A binary classifier's decision threshold chosen on held-out (out-of-fold) probabilities to maximise a class-based
/// metric: AutoGluon's <c>calibrate_decision_threshold</c>, scikit-learn's <c>TunedThresholdClassifierCV</c>. The arg-max
/// (a threshold of 0.5) is right for accuracy on calibrated probabilities, but F1, balanced accuracy and macro-F1 on an
/// imbalanced label are usually best at a lower threshold: a model with a good ROC-AUC can predict the majority class
/// everywhere at 0.5.
/// </summary>
public static class DecisionThreshold
{
    /// <summary>The threshold that reproduces the arg-max.</summary>
    public const double Default = 0.5;

    /// <summary>Whether a binary metric changes with the decision threshold (the class-based ones; not ROC-AUC or log-loss).</summary>
    public static bool DependsOnThreshold(MetricKind metric) => metric is MetricKind.Accuracy or MetricKind.BalancedAccuracy
        or MetricKind.Precision or MetricKind.Recall or MetricKind.F1 or MetricKind.MacroF1 or MetricKind.MicroF1 or MetricKind.WeightedF1;

    /// <summary>
    /// Whether maximising the metric over the threshold is meaningful: not precision or recall alone, which a threshold
    /// maximises trivially (predict almost nothing, or everything, positive).
    /// </summary>
    public static bool CanBeTuned(MetricKind metric) => DependsOnThreshold(metric) && metric is not (MetricKind.Precision or MetricKind.Recall);

    /// <summary>
    /// Whether a threshold is tuned when the user leaves it to the library: for balanced accuracy and the F1 scores,
    /// whose best threshold moves with the class balance. Not for accuracy (micro-F1), which the arg-max of calibrated
    /// probabilities already maximises, so a tuned threshold mostly fits the noise of the held-out rows.
    /// </summary>
    public static bool TunedByDefault(MetricKind metric) => metric is MetricKind.BalancedAccuracy or MetricKind.F1 or MetricKind.MacroF1 or MetricKind.WeightedF1;

    /// <summary>
    /// The threshold in (0, 1) that maximises <paramref name="metric"/> on <paramref name="probabilities"/> (binary,
    /// [P(false), P(true)]) against <paramref name="truth"/> (0/1), over every split of the rows a threshold can make: the
    /// candidates are the midpoints between consecutive distinct values of P(true) (and one below the smallest and one
    /// above the largest), swept in one pass over the sorted rows. Ties go to the candidate nearest 0.5, and 0.5 is kept
    /// unless another threshold scores strictly better. Nothing here guards against fitting the noise of the rows; see
    /// <see cref="TuneCrossValidated"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The metric cannot be tuned (see <see cref="CanBeTuned"/>), the predictions are not binary, or the lengths differ.</exception>
    public static ThresholdChoice Tune(MetricKind metric, ReadOnlySpan<float> truth, PredictionMatrix probabilities)
    {
        Check(metric, truth, probabilities);
        var (positive, labels) = Binary(truth, probabilities);
        var (threshold, score, atHalf) = Sweep(metric, positive, labels);
        return new ThresholdChoice(metric, threshold, score, atHalf) { BestThreshold = threshold };
    }

    /// <summary>
    /// <see cref="Tune"/>, kept only when tuning pays on rows it was not tuned on. The rows are split into
    /// <paramref name="folds"/> stratified folds (<paramref name="repeats"/> times, seeded): each fold's threshold is
    /// tuned on the other folds and applies to its own rows, and the pooled predictions are scored against the arg-max's
    /// on the same rows. The threshold tuned on all rows is used only when that cross-validated gain, averaged over the
    /// repeats, is positive; otherwise the choice is 0.5, with the rejected threshold in
    /// <see cref="ThresholdChoice.BestThreshold"/>. Fewer than two rows of either class per fold: no test, 0.5.
    /// </summary>
    /// <remarks>
    /// Replayed on 22 AutoML runs (five binary sets on their split and three fresh ones, and two synthetic tables; F1;
    /// <c>benchmarks/threshold_rules.py</c>), always taking the best out-of-fold threshold changed the test F1 by +1.75
    /// points on average, better on 12 and worse on 6 (breast cancer on all four splits, -1 to -2.3: a balanced label
    /// whose F1 is already 0.95-0.99). This test kept nearly all of the gain (+1.65) and was worse on 2. Requiring the
    /// cross-validated thresholds to win on 84 % of bootstrap resamples (one standard error) kept +0.53, losing the
    /// large gains on a 16 % and a 3.5 % positive label.
    /// </remarks>
    public static ThresholdChoice TuneCrossValidated(MetricKind metric, ReadOnlySpan<float> truth, PredictionMatrix probabilities, int folds = 5, int repeats = 2, int seed = 0)
    {
        Check(metric, truth, probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var (positive, labels) = Binary(truth, probabilities);
        var (best, score, atHalf) = Sweep(metric, positive, labels);
        int positives = labels.Count(l => l == 1);
        if (Math.Min(positives, labels.Length - positives) < 2 * folds)
            return new ThresholdChoice(metric, Default, atHalf, atHalf) { BestThreshold = best, CrossValidatedGain = null };
        double gain = 0;
        var truthFloats = truth.ToArray();
        for (int r = 0; r < repeats; r++)
        {
            var split = new StratifiedKFold { Folds = folds, Shuffle = true, Seed = seed + r }.Split(truthFloats);
            var predicted = new bool[labels.Length];
            foreach (var f in split)
            {
                var (t, _, _) = Sweep(metric, f.TrainIndices.Select(i => positive[i]).ToArray(), f.TrainIndices.Select(i => labels[i]).ToArray());
                foreach (int i in f.TestIndices) predicted[i] = positive[i] > t;
            }
            gain += ScoreOf(metric, labels, predicted) - atHalf;
        }
        gain /= repeats;
        return gain > 0
            ? new ThresholdChoice(metric, best, score, atHalf) { BestThreshold = best, CrossValidatedGain = gain }
            : new ThresholdChoice(metric, Default, atHalf, atHalf) { BestThreshold = best, CrossValidatedGain = gain };
    }

    private static void Check(MetricKind metric, ReadOnlySpan<float> truth, PredictionMatrix probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!CanBeTuned(metric))
            throw new ArgumentException($"metric '{MetricNames.ToName(metric)}' cannot choose a decision threshold: " +
                (DependsOnThreshold(metric) ? "a threshold maximises it trivially." : "it does not depend on the threshold."), nameof(metric));
        if (probabilities.Width != 2) throw new ArgumentException($"decision thresholds are for binary predictions (width 2), not width {probabilities.Width}.", nameof(probabilities));
        if (truth.Length != probabilities.Rows) throw new ArgumentException($"truth has {truth.Length} rows but the probabilities have {probabilities.Rows}.", nameof(truth));
    }

    private static (float[] Positive, int[] Labels) Binary(ReadOnlySpan<float> truth, PredictionMatrix probabilities) =>
        (probabilities.Column(1), Metric.ToClassIndices(truth, 2));

    /// <summary>The best threshold, its score and the score at 0.5, by one pass over the rows sorted by P(true).</summary>
    private static (double Threshold, double Score, double AtHalf) Sweep(MetricKind metric, float[] positive, int[] labels)
    {
        int n = positive.Length;
        var order = Enumerable.Range(0, n).OrderBy(i => positive[i]).ToArray();
        long pos = labels.Count(l => l == 1), neg = n - pos;
        // Everything above the threshold is predicted positive; start below the smallest value (all positive).
        long tp = pos, fp = neg, fn = 0, tn = 0;
        long halfTp = 0, halfFp = 0;
        for (int i = 0; i < n; i++)
            if (positive[i] > Default) { if (labels[i] == 1) halfTp++; else halfFp++; }
        double atHalf = ScoreCounts(metric, halfTp, halfFp, pos - halfTp, neg - halfFp);
        double bestThreshold = Default, bestScore = atHalf;
        void Consider(double t)
        {
            if (!(t > 0 && t < 1)) return;
            double s = ScoreCounts(metric, tp, fp, fn, tn);
            if (s > bestScore || (s == bestScore && Math.Abs(t - Default) < Math.Abs(bestThreshold - Default))) (bestThreshold, bestScore) = (t, s);
        }
        if (n > 0) Consider(positive[order[0]] / 2.0);
        for (int j = 0; j < n;)
        {
            float v = positive[order[j]];
            // The rows of this value fall below the threshold once it passes v.
            for (; j < n && positive[order[j]] == v; j++)
            {
                if (labels[order[j]] == 1) { tp--; fn++; }
                else { fp--; tn++; }
            }
            double next = j < n ? positive[order[j]] : 1.0;
            Consider((v + next) / 2);
        }
        return (bestThreshold, bestScore, atHalf);
    }

    private static double ScoreOf(MetricKind metric, int[] labels, bool[] predicted)
    {
        long tp = 0, fp = 0, fn = 0, tn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (predicted[i]) { if (labels[i] == 1) tp++; else fp++; }
            else if (labels[i] == 1) fn++;
            else tn++;
        }
        return ScoreCounts(metric, tp, fp, fn, tn);
    }

    /// <summary>
    /// A tunable binary metric from the confusion counts of class 1, with <see cref="ClassificationMetrics"/>'
    /// (scikit-learn's) conventions: a zero denominator gives 0; macro-F1 averages the classes present in the truth or
    /// the predictions; weighted-F1 weighs each class's F1 by its support; balanced accuracy averages the recall of the
    /// classes present in the truth.
    /// </summary>
    internal static double ScoreCounts(MetricKind metric, long tp, long fp, long fn, long tn)
    {
        long n = tp + fp + fn + tn, pos = tp + fn, neg = tn + fp;
        static double F1(long t, long f1, long f2) => 2 * t + f1 + f2 == 0 ? 0 : 2.0 * t / (2 * t + f1 + f2);
        double f1Pos = F1(tp, fp, fn), f1Neg = F1(tn, fn, fp);
        switch (metric)
        {
            case MetricKind.Accuracy or MetricKind.MicroF1:
                return n == 0 ? 0 : (double)(tp + tn) / n;
            case MetricKind.F1:
                return f1Pos;
            case MetricKind.MacroF1:
            {
                bool posPresent = pos > 0 || tp + fp > 0, negPresent = neg > 0 || tn + fn > 0;
                int present = (posPresent ? 1 : 0) + (negPresent ? 1 : 0);
                return present == 0 ? 0 : ((posPresent ? f1Pos : 0) + (negPresent ? f1Neg : 0)) / present;
            }
            case MetricKind.WeightedF1:
                return n == 0 ? 0 : (pos * f1Pos + neg * f1Neg) / n;
            case MetricKind.BalancedAccuracy:
            {
                int present = (pos > 0 ? 1 : 0) + (neg > 0 ? 1 : 0);
                return present == 0 ? 0 : ((pos > 0 ? (double)tp / pos : 0) + (neg > 0 ? (double)tn / neg : 0)) / present;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, "not a tunable metric");
        }
    }
}

/// <summary>
/// A decision threshold: the metric it maximises, the threshold used, and the metric there and at 0.5 on the rows it
/// was tuned on (the first flatters the threshold a little).
/// </summary>
public sealed record ThresholdChoice(MetricKind Metric, double Threshold, double Score, double ScoreAtDefault)
{
    /// <summary>The best threshold on all rows, whether or not it was kept (<see cref="DecisionThreshold.TuneCrossValidated"/> may keep 0.5).</summary>
    public double BestThreshold { get; init; }

    /// <summary>
    /// The metric gained over 0.5 by thresholds tuned on other folds and applied to rows they were not tuned on (mean
    /// over the repeats); the tuned threshold is kept when it is positive. Null when not tested.
    /// </summary>
    public double? CrossValidatedGain { get; init; }
}
