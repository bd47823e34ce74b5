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
    /// [P(false), P(true)]) against <paramref name="truth"/> (0/1). The candidates are the midpoints between
    /// consecutive distinct values of P(true), so each gives a different split of the rows (at most
    /// <paramref name="maxCandidates"/> of them, evenly spaced in rank when there are more), and 0.5. Ties go to the
    /// candidate nearest 0.5, and 0.5 is kept unless another threshold scores strictly better.
    /// </summary>
    /// <exception cref="ArgumentException">The metric cannot be tuned (see <see cref="CanBeTuned"/>), or the predictions are not binary.</exception>
    public static ThresholdChoice Tune(MetricKind metric, ReadOnlySpan<float> truth, PredictionMatrix probabilities, int maxCandidates = 256)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!CanBeTuned(metric))
            throw new ArgumentException($"metric '{MetricNames.ToName(metric)}' cannot choose a decision threshold: " +
                (DependsOnThreshold(metric) ? "a threshold maximises it trivially." : "it does not depend on the threshold."), nameof(metric));
        if (probabilities.Width != 2) throw new ArgumentException($"decision thresholds are for binary predictions (width 2), not width {probabilities.Width}.", nameof(probabilities));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCandidates, 1);

        var positive = probabilities.Column(1);
        var distinct = positive.Where(float.IsFinite).Distinct().Order().ToArray();
        var candidates = new List<double> { Default };
        int gaps = distinct.Length - 1;
        if (gaps > 0)
        {
            int take = Math.Min(gaps, maxCandidates);
            for (int k = 0; k < take; k++)
            {
                int g = take == gaps ? k : (int)((long)k * gaps / take);
                double mid = (distinct[g] + (double)distinct[g + 1]) / 2;
                if (mid > 0 && mid < 1) candidates.Add(mid);
            }
        }

        double atHalf = Metric.Compute(metric, truth, probabilities, MLTask.BinaryClassification, Default);
        double bestThreshold = Default, bestScore = atHalf;
        foreach (double t in candidates.Distinct())
        {
            double s = Metric.Compute(metric, truth, probabilities, MLTask.BinaryClassification, t);
            if (s > bestScore || (s == bestScore && Math.Abs(t - Default) < Math.Abs(bestThreshold - Default)))
                (bestThreshold, bestScore) = (t, s);
        }
        return new ThresholdChoice(metric, bestThreshold, bestScore, atHalf);
    }
}

/// <summary>A tuned decision threshold: the metric it maximised, the threshold, and the metric there and at 0.5.</summary>
public sealed record ThresholdChoice(MetricKind Metric, double Threshold, double Score, double ScoreAtDefault);
