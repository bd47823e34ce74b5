using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Tests.Metrics;

/// <summary>Binary decision thresholds: predicted classes at a threshold, metrics there, and the tuner.</summary>
public sealed class DecisionThresholdTests
{
    private static PredictionMatrix Binary(params float[] pTrue) => PredictionMatrix.FromPositiveProbabilities(pTrue);

    [Fact]
    public void PredictedClasses_AtHalf_IsTheArgMax_TiesIncluded_AndMovesWithTheThreshold()
    {
        var p = Binary(0.1f, 0.5f, 0.51f, 0.3f, 0.9f);
        Assert.Equal(p.ArgMax(), p.PredictedClasses(0.5));
        Assert.Equal([0, 0, 1, 0, 1], p.PredictedClasses(0.5));
        Assert.Equal([0, 1, 1, 1, 1], p.PredictedClasses(0.25));
        Assert.Equal([1, 1, 1, 1, 1], p.PredictedClasses(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.PredictedClasses(1.5));
        Assert.Throws<ArgumentException>(() => PredictionMatrix.Create(2, 3).PredictedClasses(0.5));
    }

    [Fact]
    public void Compute_AtAThreshold_ChangesClassMetricsOnly()
    {
        float[] truth = [0, 0, 1, 1, 1];
        var p = Binary(0.1f, 0.35f, 0.3f, 0.4f, 0.8f);
        // At 0.5 one positive of three is found: F1 = 2 * 1 * (1/3) / (1 + 1/3) = 0.5.
        Assert.Equal(0.5, Metric.Compute(MetricKind.F1, truth, p, MLTask.BinaryClassification), 9);
        Assert.Equal(0.5, Metric.Compute(MetricKind.F1, truth, p, MLTask.BinaryClassification, 0.5), 9);
        // At 0.2 the predictions are 0,1,1,1,1: precision 3/4, recall 1, F1 6/7; accuracy 4/5.
        Assert.Equal(6.0 / 7, Metric.Compute(MetricKind.F1, truth, p, MLTask.BinaryClassification, 0.2), 9);
        Assert.Equal(0.8, Metric.Compute(MetricKind.Accuracy, truth, p, MLTask.BinaryClassification, 0.2), 9);
        Assert.Equal(Metric.Compute(MetricKind.RocAuc, truth, p, MLTask.BinaryClassification),
            Metric.Compute(MetricKind.RocAuc, truth, p, MLTask.BinaryClassification, 0.2));
        var ex = Assert.Throws<ArgumentException>(() =>
            Metric.Compute(MetricKind.Accuracy, [0, 1, 2], new PredictionMatrix(3, 3, new float[9]), MLTask.MulticlassClassification, 0.3));
        Assert.Contains("binary", ex.Message);
    }

    [Fact]
    public void Tune_FindsTheGapThatSeparatesTheClasses()
    {
        // Every positive scores 0.2-0.4 and every negative below 0.15: the arg-max finds no positive (F1 0), and any
        // threshold in the gap separates them perfectly.
        float[] truth = [0, 0, 0, 0, 1, 1, 1];
        var p = Binary(0.01f, 0.05f, 0.1f, 0.15f, 0.2f, 0.3f, 0.4f);
        var t = DecisionThreshold.Tune(MetricKind.F1, truth, p);
        Assert.InRange(t.Threshold, 0.15, 0.2);
        Assert.Equal(1.0, t.Score, 9);
        Assert.Equal(0.0, t.ScoreAtDefault, 9);
        Assert.Equal(MetricKind.F1, t.Metric);
        Assert.Equal(1.0, Metric.Compute(MetricKind.F1, truth, p, MLTask.BinaryClassification, t.Threshold), 9);
    }

    [Fact]
    public void Tune_KeepsHalf_WhenNothingScoresBetter()
    {
        // Separated at 0.5 already: every threshold between 0.3 and 0.7 ties at F1 = 1, and 0.5 is kept.
        float[] truth = [0, 0, 0, 1, 1, 1];
        var t = DecisionThreshold.Tune(MetricKind.F1, truth, Binary(0.1f, 0.2f, 0.3f, 0.7f, 0.8f, 0.9f));
        Assert.Equal(0.5, t.Threshold);
        Assert.Equal(t.ScoreAtDefault, t.Score);
    }

    [Fact]
    public void Tune_BreaksTiesTowardsHalf()
    {
        // Balanced accuracy 0.75 at 0.15 (every positive found, one negative missed) and at 0.75 (the reverse), 0.5 at
        // 0.5: of the two tied thresholds the one nearer 0.5 is taken.
        float[] truth = [0, 1, 0, 1];
        var t = DecisionThreshold.Tune(MetricKind.BalancedAccuracy, truth, Binary(0.1f, 0.2f, 0.7f, 0.8f));
        Assert.Equal(0.75, t.Threshold, 6);
        Assert.Equal(0.75, t.Score, 9);
        Assert.Equal(0.5, t.ScoreAtDefault, 9);
    }

    [Theory]
    [InlineData(MetricKind.F1)]
    [InlineData(MetricKind.MacroF1)]
    [InlineData(MetricKind.BalancedAccuracy)]
    [InlineData(MetricKind.Accuracy)]
    public void Tune_ScoresAtLeastAsWellAsAnyThresholdOnAFineGrid(MetricKind metric)
    {
        // Noisy scores of an imbalanced label (20 % positive): no threshold on a grid of 0.001 steps beats the tuner's.
        var rng = new Random(7);
        int n = 400;
        var truth = new float[n];
        var scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = rng.NextDouble() < 0.2 ? 1 : 0;
            double z = (truth[i] == 1 ? 0.8 : -0.8) + rng.NextDouble() * 2 - 1 - 1.2;
            scores[i] = (float)(1 / (1 + Math.Exp(-2 * z)));
        }
        var p = Binary(scores);
        var t = DecisionThreshold.Tune(metric, truth, p, maxCandidates: 1000);
        double grid = Enumerable.Range(1, 999).Max(k => Metric.Compute(metric, truth, p, MLTask.BinaryClassification, k / 1000.0));
        Assert.True(t.Score >= grid - 1e-12, $"tuned {t.Score} at {t.Threshold}, grid best {grid}");
        Assert.Equal(t.Score, Metric.Compute(metric, truth, p, MLTask.BinaryClassification, t.Threshold), 12);
        Assert.True(t.Score >= t.ScoreAtDefault);
        if (metric != MetricKind.Accuracy) Assert.True(t.Threshold < 0.5, $"{metric}: {t.Threshold}");
    }

    [Fact]
    public void Tune_RefusesMetricsAThresholdCannotTune_AndNonBinaryPredictions()
    {
        var p = Binary(0.2f, 0.8f);
        float[] truth = [0, 1];
        Assert.Contains("does not depend", Assert.Throws<ArgumentException>(() => DecisionThreshold.Tune(MetricKind.RocAuc, truth, p)).Message);
        Assert.Contains("trivially", Assert.Throws<ArgumentException>(() => DecisionThreshold.Tune(MetricKind.Precision, truth, p)).Message);
        Assert.Throws<ArgumentException>(() => DecisionThreshold.Tune(MetricKind.F1, [0, 1], new PredictionMatrix(2, 3, new float[6])));
        Assert.True(DecisionThreshold.TunedByDefault(MetricKind.F1));
        Assert.False(DecisionThreshold.TunedByDefault(MetricKind.Accuracy));
        Assert.True(DecisionThreshold.CanBeTuned(MetricKind.Accuracy));
    }
}
