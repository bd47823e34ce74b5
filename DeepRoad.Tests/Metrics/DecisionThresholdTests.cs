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
        var t = DecisionThreshold.Tune(metric, truth, p);
        double grid = Enumerable.Range(1, 999).Max(k => Metric.Compute(metric, truth, p, MLTask.BinaryClassification, k / 1000.0));
        Assert.True(t.Score >= grid - 1e-12, $"tuned {t.Score} at {t.Threshold}, grid best {grid}");
        Assert.Equal(t.Score, Metric.Compute(metric, truth, p, MLTask.BinaryClassification, t.Threshold), 12);
        Assert.True(t.Score >= t.ScoreAtDefault);
        if (metric != MetricKind.Accuracy) Assert.True(t.Threshold < 0.5, $"{metric}: {t.Threshold}");
    }

    [Theory]
    [InlineData(MetricKind.F1)]
    [InlineData(MetricKind.MacroF1)]
    [InlineData(MetricKind.WeightedF1)]
    [InlineData(MetricKind.BalancedAccuracy)]
    [InlineData(MetricKind.Accuracy)]
    public void Tune_TheSweepsScoreIsMetricComputesAtTheThreshold_OnEdgeCasesToo(MetricKind metric)
    {
        // The sweep scores from confusion counts; Metric.Compute from the predicted classes. They must agree, also where a
        // class is never predicted, or absent from the truth.
        var rng = new Random(11);
        foreach (var (truth, scores) in new (float[], float[])[]
        {
            ([0, 0, 0, 0, 1], [0.1f, 0.2f, 0.3f, 0.4f, 0.45f]),
            ([0, 0, 0], [0.2f, 0.6f, 0.7f]),
            ([1, 1, 0, 1], [0.9f, 0.9f, 0.9f, 0.2f]),
            (Enumerable.Range(0, 60).Select(i => (float)(i % 3 == 0 ? 1 : 0)).ToArray(), Enumerable.Range(0, 60).Select(_ => (float)Math.Round(rng.NextDouble(), 1)).ToArray()),
        })
        {
            var p = Binary(scores);
            var t = DecisionThreshold.Tune(metric, truth, p);
            Assert.Equal(Metric.Compute(metric, truth, p, MLTask.BinaryClassification, t.Threshold), t.Score, 12);
            Assert.Equal(Metric.Compute(metric, truth, p, MLTask.BinaryClassification), t.ScoreAtDefault, 12);
            foreach (double g in Enumerable.Range(1, 99).Select(k => k / 100.0))
                Assert.True(t.Score >= Metric.Compute(metric, truth, p, MLTask.BinaryClassification, g) - 1e-12, $"{metric} at {g}");
        }
    }

    [Fact]
    public void TuneCrossValidated_KeepsAShiftThatHoldsOnUnseenRows()
    {
        // Scores that are all shifted down (positives around 0.35, negatives around 0.1): the arg-max misses most
        // positives, and a lower threshold tuned on any four fifths works on the fifth.
        var rng = new Random(3);
        int n = 500;
        var truth = Enumerable.Range(0, n).Select(i => (float)(i % 4 == 0 ? 1 : 0)).ToArray();
        var scores = truth.Select(y => (float)Math.Clamp((y == 1 ? 0.35 : 0.1) + (rng.NextDouble() - 0.5) * 0.3, 0.001, 0.999)).ToArray();
        var t = DecisionThreshold.TuneCrossValidated(MetricKind.F1, truth, Binary(scores), seed: 1);
        Assert.InRange(t.Threshold, 0.15, 0.3);
        Assert.Equal(t.BestThreshold, t.Threshold);
        Assert.True(t.CrossValidatedGain > 0.2, $"{t.CrossValidatedGain}");
        Assert.True(t.Score > t.ScoreAtDefault);
    }

    [Fact]
    public void TuneCrossValidated_OnTheRowsNoise_GainsNothingOnAverage_AndKeepsHalfWhenItLoses()
    {
        // Calibrated probabilities: 0.5 is the accuracy-optimal threshold, and the best threshold on 200 rows is somewhere
        // else only by chance. Tuned on four fifths and applied to the fifth, such a threshold loses on average, and each
        // table keeps 0.5 exactly when its own cross-validated gain is not positive.
        var gains = new List<double>();
        for (int seed = 0; seed < 20; seed++)
        {
            var rng = new Random(100 + seed);
            var scores = Enumerable.Range(0, 200).Select(_ => (float)rng.NextDouble()).ToArray();
            var truth = scores.Select(s => (float)(rng.NextDouble() < s ? 1 : 0)).ToArray();
            var t = DecisionThreshold.TuneCrossValidated(MetricKind.Accuracy, truth, Binary(scores), seed: seed);
            var gain = Assert.IsType<double>(t.CrossValidatedGain);
            gains.Add(gain);
            if (gain > 0) Assert.Equal(t.BestThreshold, t.Threshold);
            else
            {
                Assert.Equal(0.5, t.Threshold);
                Assert.Equal(t.ScoreAtDefault, t.Score);
            }
        }
        Assert.True(gains.Average() < 0, $"mean cross-validated gain of noise thresholds {gains.Average()}");
    }

    [Fact]
    public void TuneCrossValidated_WithTooFewRowsOfAClass_KeepsHalfUntested()
    {
        float[] truth = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
        var t = DecisionThreshold.TuneCrossValidated(MetricKind.F1, truth, Binary(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.3f, 0.3f, 0.3f));
        Assert.Equal(0.5, t.Threshold);
        Assert.InRange(t.BestThreshold, 0.1, 0.3);
        Assert.Null(t.CrossValidatedGain);
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
