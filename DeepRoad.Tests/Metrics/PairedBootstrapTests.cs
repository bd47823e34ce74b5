using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Tests.Metrics;

public sealed class PairedBootstrapTests
{
    // n rows, classes alternating by a fixed pattern; `signal` of the positive probability follows the truth.
    private static (float[] Truth, PredictionMatrix Good, PredictionMatrix Noise) Binary(int n, int positives, int seed)
    {
        var rng = new Random(seed);
        var truth = Enumerable.Range(0, n).Select(i => i < positives ? 1f : 0f).ToArray();
        var good = PredictionMatrix.FromPositiveProbabilities(truth.Select(t => (float)(0.7 * t + 0.3 * rng.NextDouble())).ToArray());
        var noise = PredictionMatrix.FromPositiveProbabilities(truth.Select(_ => (float)rng.NextDouble()).ToArray());
        return (truth, good, noise);
    }

    [Fact]
    public void WinRate_ClearlyBetterPredictions_WinNearlyEveryResample()
    {
        var (truth, good, noise) = Binary(200, 60, 1);
        Assert.True(PairedBootstrap.WinRate(MetricKind.RocAuc, truth, good, noise, MLTask.BinaryClassification) > 0.99);
        Assert.True(PairedBootstrap.WinRate(MetricKind.RocAuc, truth, noise, good, MLTask.BinaryClassification) < 0.01);
    }

    [Fact]
    public void WinRate_IdenticalPredictionsTie_AndSwappingTheArgumentsComplements()
    {
        var (truth, good, noise) = Binary(80, 30, 2);
        Assert.Equal(0.5, PairedBootstrap.WinRate(MetricKind.Accuracy, truth, good, good, MLTask.BinaryClassification));
        // A slightly perturbed copy: somewhere between, and the two directions add up to one on the same resamples.
        var rng = new Random(3);
        var near = new PredictionMatrix(good.Rows, 2, good.Values.Select(v => Math.Clamp(v + (float)(rng.NextDouble() - 0.5) * 0.4f, 0f, 1f)).ToArray());
        double ab = PairedBootstrap.WinRate(MetricKind.LogLoss, truth, good, near, MLTask.BinaryClassification, 300, seed: 7);
        double ba = PairedBootstrap.WinRate(MetricKind.LogLoss, truth, near, good, MLTask.BinaryClassification, 300, seed: 7);
        Assert.Equal(1.0, ab + ba, 9);
        Assert.Equal(ab, PairedBootstrap.WinRate(MetricKind.LogLoss, truth, good, near, MLTask.BinaryClassification, 300, seed: 7));
        Assert.NotEqual(0.5, ab);
    }

    [Fact]
    public void WinRate_FewPositives_ResamplesWithinClassesSoAucStaysDefined()
    {
        var (truth, good, noise) = Binary(100, 2, 4);
        double p = PairedBootstrap.WinRate(MetricKind.RocAuc, truth, good, noise, MLTask.BinaryClassification, 500, seed: 1);
        Assert.InRange(p, 0.0, 1.0);
        Assert.False(double.IsNaN(p));
    }

    [Fact]
    public void WinRate_Regression_LowerRmseWins()
    {
        var rng = new Random(5);
        var truth = Enumerable.Range(0, 150).Select(_ => (float)rng.NextDouble() * 10).ToArray();
        var close = PredictionMatrix.FromScores(truth.Select(t => t + (float)(rng.NextDouble() - 0.5)).ToArray());
        var far = PredictionMatrix.FromScores(truth.Select(t => t + (float)(rng.NextDouble() - 0.5) * 6).ToArray());
        Assert.True(PairedBootstrap.WinRate(MetricKind.Rmse, truth, close, far, MLTask.Regression) > 0.99);
        Assert.True(PairedBootstrap.WinRate(MetricKind.R2, truth, close, far, MLTask.Regression) > 0.99);
    }

    [Fact]
    public void WinRate_MismatchedShapes_Throws()
    {
        var (truth, good, _) = Binary(10, 5, 6);
        var ex = Assert.Throws<ArgumentException>(() => PairedBootstrap.WinRate(MetricKind.RocAuc, truth[..9], good, good, MLTask.BinaryClassification));
        Assert.Contains("9 rows", ex.Message);
    }
}
