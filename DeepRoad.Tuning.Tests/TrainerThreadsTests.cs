using System.Reflection;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tuning.Tests;

/// <summary>
/// AutoML gives ML.NET's tree trainers (FastTree, FastForest, LightGbm) every core (AutoMLOptions.TreeThreads), because
/// ML.NET trains one of each family at a time per process whatever the workers. That keeps the search's results
/// independent of the machine only if a tree model does not depend on its thread count: these tests fit each trainer
/// with one and with two threads and require the same predictions, and check that the count reaches the trainer.
/// </summary>
public sealed class TrainerThreadsTests
{
    public static TheoryData<TrainerKind, MLTask> Trees() => new()
    {
        { TrainerKind.LightGbm, MLTask.BinaryClassification }, { TrainerKind.LightGbm, MLTask.MulticlassClassification }, { TrainerKind.LightGbm, MLTask.Regression },
        { TrainerKind.FastTree, MLTask.BinaryClassification }, { TrainerKind.FastTree, MLTask.MulticlassClassification }, { TrainerKind.FastTree, MLTask.Regression },
        { TrainerKind.FastForest, MLTask.BinaryClassification }, { TrainerKind.FastForest, MLTask.Regression },
    };

    private static (MLContext Ml, IDataView Features) Data(MLTask task) => task switch
    {
        MLTask.BinaryClassification => SearchCVTests.Features("attrition", "Attrition"),
        MLTask.MulticlassClassification => SearchCVTests.Features("penguins", "species"),
        _ => SearchCVTests.Features("sacramento", "price"),
    };

    [Theory]
    [MemberData(nameof(Trees))]
    public void OneOrTwoThreads_GrowTheSameModel(TrainerKind kind, MLTask task)
    {
        var (ml, data) = Data(task);
        float[] Scores(int threads)
        {
            var space = TrainerSpaces.For(kind, task, maxIterations: 40, seed: 5, threads: threads);
            // Not the defaults: feature sampling and small leaves, where a thread-dependent order would show first.
            var p = space.Defaults;
            var values = p.ToDictionary(kv => kv.Key, kv => kv.Value);
            if (values.ContainsKey("FeatureFraction")) values["FeatureFraction"] = 0.6;
            if (values.ContainsKey("MinimumExampleCountPerLeaf")) values["MinimumExampleCountPerLeaf"] = 3;
            var model = space.Create(ml, new ParameterSet(values)).Fit(data);
            var scored = model.Transform(data);
            return task == MLTask.MulticlassClassification
                ? scored.GetColumn<VBuffer<float>>("Score").SelectMany(v => v.DenseValues()).ToArray()
                : scored.GetColumn<float>("Score").ToArray();
        }
        var one = Scores(1);
        Assert.Equal(one, Scores(2));
        Assert.True(one.Distinct().Count() > 10, "the model predicts nearly one value, so the comparison shows nothing");
    }

    [Theory]
    [InlineData(TrainerKind.LightGbm, MLTask.BinaryClassification)]
    [InlineData(TrainerKind.LightGbm, MLTask.Regression)]
    [InlineData(TrainerKind.FastTree, MLTask.BinaryClassification)]
    [InlineData(TrainerKind.FastTree, MLTask.Regression)]
    [InlineData(TrainerKind.FastForest, MLTask.Regression)]
    public void TheThreadCount_ReachesTheTrainer(TrainerKind kind, MLTask task)
    {
        var ml = new MLContext(1);
        foreach (int threads in new[] { 1, 3 })
        {
            var space = TrainerSpaces.For(kind, task, threads: threads);
            Assert.Equal(threads, ThreadsOf(space.Create(ml, space.Defaults)));
        }
    }

    [Fact]
    public void OtherTrainers_KeepOneThread()
    {
        var ml = new MLContext(1);
        var space = TrainerSpaces.For(TrainerKind.Sdca, MLTask.BinaryClassification, threads: 3);
        Assert.Equal(1, ThreadsOf(space.Create(ml, space.Defaults)));
    }

    /// <summary>The NumberOfThreads of the options object an ML.NET trainer keeps (FastTree's and LightGbm's options are private fields).</summary>
    private static int? ThreadsOf(object trainer)
    {
        for (var t = trainer.GetType(); t is not null; t = t.BaseType)
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                if (f.GetValue(trainer) is { } value && value.GetType().GetField("NumberOfThreads") is { } field)
                    return (int?)field.GetValue(value);
        throw new InvalidOperationException($"{trainer.GetType().Name} keeps no options object with NumberOfThreads.");
    }
}
