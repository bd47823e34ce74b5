using DeepRoad.Deep.Training;

namespace DeepRoad.Deep.Tests.Training;

public sealed class LearningRateSchedulerTests
{
    [Fact]
    public void Cosine_WithWarmup_RampsThenAnneals()
    {
        var o = new DeepTrainingOptions { LearningRate = 0.1, Epochs = 12, WarmupEpochs = 2, Schedule = LearningRateScheduleKind.Cosine, MinLearningRate = 0.01 };
        var s = new LearningRateScheduler(o, stepsPerEpoch: 10);
        Assert.Equal(0.1 / 20, s.RateAt(0, 0), 12);      // first warm-up step
        Assert.Equal(0.1 * 10 / 20, s.RateAt(0, 9), 12);
        Assert.Equal(0.1, s.RateAt(2, 0), 12);            // warm-up done: cosine starts at the base rate
        Assert.Equal(0.01 + 0.09 * 0.5, s.RateAt(7, 0), 12); // half way
        Assert.True(s.RateAt(11, 9) < 0.0105);
    }

    [Fact]
    public void StepExponentialPolynomial_FollowFormulas()
    {
        var step = new LearningRateScheduler(new DeepTrainingOptions { LearningRate = 1, Schedule = LearningRateScheduleKind.Step, StepSize = 3, Gamma = 0.5 }, 5);
        Assert.Equal(1, step.RateAt(2, 4), 12);
        Assert.Equal(0.5, step.RateAt(3, 0), 12);
        Assert.Equal(0.25, step.RateAt(6, 0), 12);
        var exp = new LearningRateScheduler(new DeepTrainingOptions { LearningRate = 1, Schedule = LearningRateScheduleKind.Exponential, Gamma = 0.9 }, 5);
        Assert.Equal(0.9 * 0.9, exp.RateAt(2, 3), 12);
        var poly = new LearningRateScheduler(new DeepTrainingOptions { LearningRate = 1, Epochs = 10, Schedule = LearningRateScheduleKind.Polynomial, PolynomialPower = 2 }, 1);
        Assert.Equal(0.25, poly.RateAt(5, 0), 12);
    }

    [Fact]
    public void ReduceOnPlateau_CutsAfterPatience()
    {
        var s = new LearningRateScheduler(new DeepTrainingOptions { LearningRate = 1, Schedule = LearningRateScheduleKind.ReduceOnPlateau, PlateauPatience = 2, PlateauFactor = 0.1 }, 1);
        s.EndEpoch(1.0);
        s.EndEpoch(1.0);
        Assert.Equal(1, s.RateAt(2, 0), 12);
        s.EndEpoch(1.1);
        Assert.Equal(0.1, s.RateAt(3, 0), 12);
    }

    [Fact]
    public void Validate_BadOption_NamesIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DeepTrainingOptions { BatchSize = 0 }.Validate());
        Assert.Contains("BatchSize", ex.Message);
        Assert.Throws<ArgumentException>(() => new DeepTrainingOptions { Nesterov = true, Optimizer = OptimizerKind.Adam }.Validate());
    }
}
