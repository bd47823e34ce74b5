using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Ensembles.Tests;

/// <summary>The pure Caruana selection function over PredictionMatrix libraries.</summary>
public sealed class EnsembleSelectionTests
{
    private static (float[] Truth, PredictionMatrix[] Library) HalfExperts(int n = 200)
    {
        // A knows the first half of the rows, B the second half, C is noise: only A + B together know all.
        var rng = new Random(5);
        var truth = Enumerable.Range(0, n).Select(_ => (float)rng.Next(2)).ToArray();
        PredictionMatrix Expert(Func<int, bool> knows) => PredictionMatrix.FromPositiveProbabilities(
            Enumerable.Range(0, n).Select(i => knows(i) ? (truth[i] == 1 ? 0.9f : 0.1f) : 0.5f).ToArray());
        var noise = PredictionMatrix.FromPositiveProbabilities(Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray());
        return (truth, [Expert(i => i < n / 2), Expert(i => i >= n / 2), noise]);
    }

    [Theory]
    [InlineData(MetricKind.LogLoss)]
    [InlineData(MetricKind.RocAuc)]
    [InlineData(MetricKind.Accuracy)]
    public void Select_ComplementaryExperts_PicksBothNotNoise(MetricKind metric)
    {
        var (truth, library) = HalfExperts();
        var r = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification, new EnsembleSelectionOptions { Metric = metric, Iterations = 10 });
        Assert.True(r.Counts[0] > 0 && r.Counts[1] > 0, string.Join(",", r.Counts));
        Assert.Equal(0, r.Counts[2]);
        double single = library.Select(m => Metric.Compute(metric, truth, m, MLTask.BinaryClassification))
            .Aggregate((a, b) => metric.HigherIsBetter() ? Math.Max(a, b) : Math.Min(a, b));
        Assert.True(metric.HigherIsBetter() ? r.Score > single : r.Score < single, $"{r.Score} vs {single}");
        Assert.Equal(r.Score, Metric.Compute(metric, truth, r.Blend, MLTask.BinaryClassification), 10);
        Assert.Equal(1.0, r.Weights.Sum(), 10);
    }

    [Fact]
    public void Select_AccuracyTies_TieBreakByLogLossKeepsBlending_WithoutItStopsAtOne()
    {
        // Three members that predict the same class on every row (80% right), each with its own random confidence:
        // every blend has the same accuracy, but averaging tempers each member's overconfident mistakes (log-loss).
        var rng = new Random(11);
        const int n = 300;
        var truth = Enumerable.Range(0, n).Select(_ => (float)rng.Next(2)).ToArray();
        var decision = truth.Select(t => rng.NextDouble() < 0.8 ? t : 1 - t).ToArray();
        PredictionMatrix Member() => PredictionMatrix.FromPositiveProbabilities(
            decision.Select(d => { float c = 0.51f + 0.48f * (float)rng.NextDouble(); return d == 1 ? c : 1 - c; }).ToArray());
        PredictionMatrix[] library = [Member(), Member(), Member()];
        var accuracy = Metric.Compute(MetricKind.Accuracy, truth, library[0], MLTask.BinaryClassification);
        var bestLogLoss = library.Min(m => Metric.Compute(MetricKind.LogLoss, truth, m, MLTask.BinaryClassification));

        var plain = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification,
            new EnsembleSelectionOptions { Metric = MetricKind.Accuracy, Iterations = 10 });
        Assert.Equal(1, plain.Counts.Sum());

        var tieBroken = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification,
            new EnsembleSelectionOptions { Metric = MetricKind.Accuracy, Iterations = 10, TieBreakMetric = MetricKind.LogLoss });
        Assert.True(tieBroken.Counts.Count(c => c > 0) >= 2, string.Join(",", tieBroken.Counts));
        Assert.Equal(accuracy, tieBroken.Score, 10);
        Assert.True(Metric.Compute(MetricKind.LogLoss, truth, tieBroken.Blend, MLTask.BinaryClassification) < bestLogLoss);
    }

    [Fact]
    public void Select_Regression_OppositeErrorsAverageToTruth()
    {
        var truth = Enumerable.Range(0, 50).Select(i => (float)i).ToArray();
        var up = PredictionMatrix.FromScores(truth.Select(t => t + 2f).ToArray());
        var down = PredictionMatrix.FromScores(truth.Select(t => t - 2f).ToArray());
        var worse = PredictionMatrix.FromScores(truth.Select(t => t + 5f).ToArray());
        var r = EnsembleSelection.Select([worse, up, down], truth, MLTask.Regression, new EnsembleSelectionOptions { Metric = MetricKind.Rmse, Iterations = 6 });
        Assert.Equal(0, r.Counts[0]);
        Assert.Equal(r.Counts[1], r.Counts[2]);
        Assert.Equal(0.0, r.Score, 5);
    }

    [Fact]
    public void Select_InitialBestN_StartsFromTheBest_AndTrajectoryCoversEveryStep()
    {
        var (truth, library) = HalfExperts();
        var r = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification,
            new EnsembleSelectionOptions { Metric = MetricKind.LogLoss, Iterations = 5, InitialBestN = 2 });
        Assert.Equal(7, r.Trajectory.Count);
        Assert.True(r.Counts[0] >= 1 && r.Counts[1] >= 1);
        var again = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification,
            new EnsembleSelectionOptions { Metric = MetricKind.LogLoss, Iterations = 5, InitialBestN = 2 });
        Assert.Equal(r.Counts, again.Counts);
    }

    [Fact]
    public void Select_BadInput_Throws()
    {
        var (truth, library) = HalfExperts();
        Assert.Contains("at least one member", Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([], truth, MLTask.BinaryClassification)).Message);
        var shortOne = PredictionMatrix.Create(10, 2);
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select([library[0], shortOne], truth, MLTask.BinaryClassification));
        Assert.Throws<ArgumentException>(() => EnsembleSelection.Select(library, truth.Take(5).ToArray(), MLTask.BinaryClassification));
        Assert.Contains("Iterations", Assert.Throws<ArgumentException>(() =>
            EnsembleSelection.Select(library, truth, MLTask.BinaryClassification, new EnsembleSelectionOptions { Iterations = 0 })).Message);
    }

    [Fact]
    public void CrossValidate_NoiseLibrary_NestedScoreExposesTheInSampleOptimism()
    {
        // Sixty members that know nothing: selection on the same rows finds a blend that looks good (it fits the noise);
        // the nested score, measured on rows the weights were not chosen on, stays near chance.
        var rng = new Random(11);
        int n = 120;
        var truth = Enumerable.Range(0, n).Select(i => (float)(i % 2)).ToArray();
        var library = Enumerable.Range(0, 60).Select(_ => PredictionMatrix.FromPositiveProbabilities(
            Enumerable.Range(0, n).Select(_ => (float)rng.NextDouble()).ToArray())).ToArray();
        var options = new EnsembleSelectionOptions { Metric = MetricKind.RocAuc, Iterations = 10 };
        double inSample = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification, options).Score;
        var (oof, nested) = EnsembleSelection.CrossValidate(library, truth, MLTask.BinaryClassification, options, folds: 5, seed: 3);
        Assert.True(inSample > 0.68, $"in-sample {inSample}");
        Assert.True(nested < 0.62, $"nested {nested}");
        Assert.Equal(nested, Metric.Compute(MetricKind.RocAuc, truth, oof, MLTask.BinaryClassification), 10);
        // Seeded: the same seed gives the same split and score.
        Assert.Equal(nested, EnsembleSelection.CrossValidate(library, truth, MLTask.BinaryClassification, options, folds: 5, seed: 3).Score);
    }

    [Fact]
    public void CrossValidate_RealSignal_NestedScoreHoldsUp()
    {
        var (truth, library) = HalfExperts();
        var options = new EnsembleSelectionOptions { Metric = MetricKind.Accuracy, Iterations = 10 };
        double inSample = EnsembleSelection.Select(library, truth, MLTask.BinaryClassification, options).Score;
        var (_, nested) = EnsembleSelection.CrossValidate(library, truth, MLTask.BinaryClassification, options, folds: 4, seed: 1);
        Assert.True(nested > 0.85 && nested >= inSample - 0.05, $"nested {nested}, in-sample {inSample}");
        Assert.Throws<ArgumentException>(() => EnsembleSelection.CrossValidate(library, truth, MLTask.BinaryClassification, options, folds: 1));
    }
}
