using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace DeepRoad.Tuning.Tests;

/// <summary>
/// ML.NET's FastTree and FastForest force at least three full collections of the whole process per fit (two
/// <c>GC.Collect(2, Forced)</c> and <c>GC.GetTotalMemory(true)</c>); <see cref="FastTreeCollections.Off{TTrainer}"/>
/// removes them. These tests count the process's generation-2 collections, so they run alone.
/// </summary>
[Collection(GarbageCollectionsCollection.Name)]
public sealed class FastTreeCollectionsTests
{
    private static float[] Scores(ITransformer model, IDataView data) => model.Transform(data).GetColumn<float>("Score").ToArray();

    [Theory]
    [InlineData(TrainerKind.FastTree, MLTask.BinaryClassification)]
    [InlineData(TrainerKind.FastTree, MLTask.Regression)]
    [InlineData(TrainerKind.FastForest, MLTask.BinaryClassification)]
    [InlineData(TrainerKind.FastForest, MLTask.Regression)]
    public void TunedTrainers_ForceNoCollections(TrainerKind kind, MLTask task)
    {
        var ml = new MLContext(1);
        var space = kind == TrainerKind.FastTree ? TrainerSpaces.FastTree(task) : TrainerSpaces.FastForest(task);
        var trainer = space.Create(ml, space.Defaults);
        Assert.False(FastTreeCollections.ForcesCollections(trainer));
    }

    [Fact]
    public void MLNetsTrainer_ForcesCollections_UntilOffClearsThem()
    {
        var ml = new MLContext(1);
        var trainer = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options { NumberOfTrees = 5 });
        // If this fails, ML.NET renamed AllowGC or FastTreeTrainerOptions: Off then does nothing.
        Assert.True(FastTreeCollections.ForcesCollections(trainer));
        Assert.Same(trainer, FastTreeCollections.Off(trainer));
        Assert.False(FastTreeCollections.ForcesCollections(trainer));
    }

    [Fact]
    public void OtherEstimators_AreLeftAlone()
    {
        var ml = new MLContext(1);
        var lightGbm = ml.BinaryClassification.Trainers.LightGbm();
        Assert.Null(FastTreeCollections.ForcesCollections(lightGbm));
        Assert.Same(lightGbm, FastTreeCollections.Off(lightGbm));
    }

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.FastForest)]
    public void AFitWithoutThem_CollectsNothing_AndGrowsTheSameTrees(TrainerKind kind)
    {
        var (ml, data) = SearchCVTests.BreastCancerFeatures();
        IEstimator<ITransformer> Loud() => kind == TrainerKind.FastTree
            ? ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options { NumberOfTrees = 20, NumberOfThreads = 1, Seed = 3 })
            : ml.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options { NumberOfTrees = 20, NumberOfThreads = 1, Seed = 3 });
        const int fits = 4;

        int before = GC.CollectionCount(2);
        ITransformer loud = null!;
        for (int i = 0; i < fits; i++) loud = Loud().Fit(data);
        int loudCollections = GC.CollectionCount(2) - before;

        before = GC.CollectionCount(2);
        ITransformer quiet = null!;
        for (int i = 0; i < fits; i++) quiet = FastTreeCollections.Off(Loud()).Fit(data);
        int quietCollections = GC.CollectionCount(2) - before;

        Assert.True(loudCollections >= 2 * fits, $"ML.NET's own trainer made {loudCollections} full collections in {fits} fits");
        Assert.True(quietCollections <= 1, $"{quietCollections} full collections in {fits} fits without the forced ones");
        Assert.Equal(Scores(loud, data), Scores(quiet, data));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GarbageCollectionsCollection
{
    public const string Name = "GarbageCollections";
}
