using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Xunit.Abstractions;

namespace DeepRoad.Ensembles.Tests;

public sealed class SmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("breast_cancer")]
    [InlineData("wine")]
    [InlineData("diabetes")]
    public void Stacking_Smoke(string name)
    {
        var ctx = new MLContext(1);
        var set = TestData.Load(ctx, name);
        var est = ctx.DeepRoad().Ensembles.Stacking(Members.Trio(set.Task), folds: 3);
        var model = est.Fit(set.Train);
        var pred = model.PredictMatrix(set.Test);
        var truth = TestData.Labels(set.Test);
        var metric = MetricKindExtensions.DefaultFor(set.Task);
        output.WriteLine($"{name} stacking {metric} = {Metric.Compute(metric, truth, pred, set.Task)}");
        foreach (var (n, p) in model.PredictMembers(set.Test))
            output.WriteLine($"  {n} {Metric.Compute(metric, truth, p, set.Task)}");
    }
}
