using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Tests;

/// <summary>FastTree and FastForest members are built without ML.NET's forced full collections on every fit.</summary>
public sealed class FastTreeMemberTests
{
    [Theory]
    [InlineData(MemberTrainer.FastTree, MLTask.BinaryClassification)]
    [InlineData(MemberTrainer.FastTree, MLTask.Regression)]
    [InlineData(MemberTrainer.FastForest, MLTask.Regression)]
    public void Members_ForceNoCollections(MemberTrainer trainer, MLTask task)
    {
        var estimator = EnsembleMembers.Create(trainer, task).Factory(new MLContext(1));
        Assert.False(FastTreeCollections.ForcesCollections(estimator));
    }
}
