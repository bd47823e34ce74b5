namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Computes any <see cref="MetricKind"/> from ground truth and a <see cref="PredictionMatrix"/> (the shared contract
/// of cross-validation, ensembles and AutoML).
/// </summary>
public static class Metric
{
    /// <summary>
    /// The value of <paramref name="kind"/>. Classification: <paramref name="truth"/> holds class indices 0..k-1 and
    /// <paramref name="predictions"/> class probabilities (width k, binary [P(false), P(true)]); the predicted class is
    /// the arg-max. Binary Precision/Recall/F1 are those of class 1; multiclass Precision/Recall/F1 are macro averages.
    /// Regression: <paramref name="truth"/> holds values and <paramref name="predictions"/> has width 1.
    /// </summary>
    /// <exception cref="ArgumentException">The metric does not apply to the task, or the shapes disagree.</exception>
    public static double Compute(MetricKind kind, ReadOnlySpan<float> truth, PredictionMatrix predictions, MLTask task) =>
        Compute(kind, truth, predictions, task, null);

    /// <summary>
    /// As <see cref="Compute(MetricKind, ReadOnlySpan{float}, PredictionMatrix, MLTask)"/>, or NaN where the metric is
    /// undefined on these rows (ROC-AUC on a fold whose truth holds one class) or does not fit them: a fold's score that
    /// may be missing, where the caller goes on without it.
    /// </summary>
    public static double ComputeOrNaN(MetricKind kind, ReadOnlySpan<float> truth, PredictionMatrix predictions, MLTask task)
    {
        try
        {
            return Compute(kind, truth, predictions, task);
        }
        catch (ArgumentException)
        {
            return double.NaN;
        }
    }

    /// <summary>
    /// As <see cref="Compute(MetricKind, ReadOnlySpan{float}, PredictionMatrix, MLTask)"/>, with the predicted class of a
    /// binary row decided at <paramref name="decisionThreshold"/> (class 1 where P(true) is above it; see
    /// <see cref="PredictionMatrix.PredictedClasses"/>) instead of the arg-max. The threshold changes the class-based
    /// metrics (accuracy, precision, recall, the F1s, balanced accuracy), not ROC-AUC or log-loss. Null: the arg-max.
    /// </summary>
    /// <exception cref="ArgumentException">A threshold is given for a task other than binary classification.</exception>
    public static double Compute(MetricKind kind, ReadOnlySpan<float> truth, PredictionMatrix predictions, MLTask task, double? decisionThreshold)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        if (!kind.AppliesTo(task))
            throw new ArgumentException($"Metric '{MetricNames.ToName(kind)}' does not apply to {task}.", nameof(kind));
        if (truth.Length != predictions.Rows)
            throw new ArgumentException($"truth has {truth.Length} rows but predictions have {predictions.Rows}.", nameof(predictions));

        if (task == MLTask.Regression)
        {
            if (predictions.Width != 1)
                throw new ArgumentException($"Regression predictions must have width 1, not {predictions.Width}.", nameof(predictions));
            ReadOnlySpan<float> predicted = predictions.Values;
            return kind switch
            {
                MetricKind.Mse => RegressionMetrics.MeanSquaredError(truth, predicted),
                MetricKind.Rmse => RegressionMetrics.RootMeanSquaredError(truth, predicted),
                MetricKind.Mae => RegressionMetrics.MeanAbsoluteError(truth, predicted),
                MetricKind.R2 => RegressionMetrics.R2(truth, predicted),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
            };
        }

        if (task == MLTask.BinaryClassification && predictions.Width != 2)
            throw new ArgumentException($"Binary predictions must have width 2 ([P(false), P(true)]), not {predictions.Width}.", nameof(predictions));
        if (decisionThreshold is not null && task != MLTask.BinaryClassification)
            throw new ArgumentException($"a decision threshold applies to binary classification, not {task}.", nameof(decisionThreshold));
        var classes = ToClassIndices(truth, predictions.Width);
        bool binary = task == MLTask.BinaryClassification;
        int[] Predicted() => decisionThreshold is { } t ? predictions.PredictedClasses(t) : predictions.ArgMax();
        var average = binary ? AverageKind.Binary : AverageKind.Macro;
        return kind switch
        {
            MetricKind.Accuracy => ClassificationMetrics.Accuracy(classes, Predicted()),
            MetricKind.BalancedAccuracy => ClassificationMetrics.BalancedAccuracy(classes, Predicted()),
            MetricKind.Precision => ClassificationMetrics.Precision(classes, Predicted(), average),
            MetricKind.Recall => ClassificationMetrics.Recall(classes, Predicted(), average),
            MetricKind.F1 => ClassificationMetrics.F1(classes, Predicted(), average),
            MetricKind.MacroF1 => ClassificationMetrics.F1(classes, Predicted(), AverageKind.Macro),
            MetricKind.MicroF1 => ClassificationMetrics.F1(classes, Predicted(), AverageKind.Micro),
            MetricKind.WeightedF1 => ClassificationMetrics.F1(classes, Predicted(), AverageKind.Weighted),
            MetricKind.RocAuc => binary
                ? ClassificationMetrics.RocAuc(classes, predictions.Column(1))
                : ClassificationMetrics.RocAucOneVsRest(classes, predictions),
            MetricKind.LogLoss => ClassificationMetrics.LogLoss(classes, predictions),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>Computes several metrics at once.</summary>
    public static IReadOnlyDictionary<MetricKind, double> ComputeAll(
        IEnumerable<MetricKind> kinds, ReadOnlySpan<float> truth, PredictionMatrix predictions, MLTask task)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var result = new Dictionary<MetricKind, double>();
        foreach (var kind in kinds)
            result[kind] = Compute(kind, truth, predictions, task);
        return result;
    }

    /// <summary>Converts float class labels (0..k-1) to ints, rejecting non-integers and out-of-range values.</summary>
    public static int[] ToClassIndices(ReadOnlySpan<float> truth, int classCount)
    {
        var classes = new int[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            float v = truth[i];
            int c = (int)v;
            if (c != v || c < 0 || c >= classCount)
                throw new ArgumentException($"Row {i}: truth {v} is not a class index in [0, {classCount}).", nameof(truth));
            classes[i] = c;
        }
        return classes;
    }
}
