using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.Deep.Tests.Estimators;

public sealed class EnsembleMemberTests
{
    private static EnsembleMember Mlp(int epochs) => new("mlp", ml =>
        ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [16] }, MlpTests.Fast with { Epochs = epochs }));

    [Fact]
    public void Bagging_OfMlps_BeatsBaseline()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.BreastCancer(ml);
        var model = ml.DeepRoad().Ensembles.Bagging(Mlp(8), numberOfMembers: 3, seed: 5).Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Assert.True(metrics.Accuracy >= 0.92, $"accuracy {metrics.Accuracy}"); // majority baseline 0.63
        Assert.True(metrics.AreaUnderRocCurve >= 0.97, $"AUC {metrics.AreaUnderRocCurve}");
    }

    [Fact]
    public void Stacking_MlpWithLightGbm_BeatsBaseline()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.BreastCancer(ml);
        var lightGbm = new EnsembleMember("lightgbm", c => c.BinaryClassification.Trainers.LightGbm(numberOfIterations: 50));
        var model = ml.DeepRoad().Ensembles.Stacking([Mlp(8), lightGbm], folds: 3, seed: 5).Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Assert.True(metrics.Accuracy >= 0.92, $"accuracy {metrics.Accuracy}");
        Assert.True(metrics.AreaUnderRocCurve >= 0.97, $"AUC {metrics.AreaUnderRocCurve}");
    }
}
