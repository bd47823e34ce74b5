using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Deep.Tuning;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.Deep.Tests.Training;

public sealed class DeepSearchSpacesTests
{
    [Fact]
    public void SampledPoints_BindToValidOptions()
    {
        var rng = new Random(3);
        foreach (var space in new[] { DeepSearchSpaces.Mlp(), DeepSearchSpaces.Cnn(), DeepSearchSpaces.Recurrent() })
        {
            for (int i = 0; i < 25; i++)
            {
                var unit = Enumerable.Range(0, space.DimensionCount).Select(_ => rng.NextDouble()).ToArray();
                var p = space.FromUnit(unit);
                var o = DeepSearchSpaces.ApplyTraining(p, new DeepTrainingOptions { Epochs = 2 });
                if (o.Optimizer != OptimizerKind.Sgd) o = o with { Nesterov = false };
                o.Validate();
                Assert.Equal(p.GetDouble("LearningRate"), o.LearningRate);
                Assert.Equal(2, o.Epochs);
                if (space.Contains("mlp.Layers")) DeepSearchSpaces.ApplyMlp(p).Validate();
                if (space.Contains("cnn.Blocks")) DeepSearchSpaces.ApplyCnn(p, new CnnSpec()).Validate();
                if (space.Contains("rnn.Cell")) DeepSearchSpaces.ApplyRecurrent(p).Validate();
            }
        }
    }

    [Fact]
    public void SampledMlp_TrainsOnIris()
    {
        var space = DeepSearchSpaces.Mlp();
        var p = space.FromUnit(Enumerable.Repeat(0.5, space.DimensionCount).ToArray());
        var ml = new MLContext(1);
        var (train, _) = TestData.Iris(ml);
        var o = DeepSearchSpaces.ApplyTraining(p, Estimators.MlpTests.Fast with { Epochs = 2 });
        var model = ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, DeepSearchSpaces.ApplyMlp(p), o).Fit(train);
        Assert.Equal(2, model.History.Count);
    }
}
