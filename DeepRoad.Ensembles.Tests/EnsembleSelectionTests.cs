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
}
