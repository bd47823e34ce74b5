using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// <see cref="AutoMLOptions.TreeThreads"/>: the thread count ML.NET's tree trainers get in the search and the refit.
/// That a tree model does not depend on it is DeepRoad.Tuning.Tests' TrainerThreadsTests.
/// </summary>
public sealed class TreeThreadsTests
{
    [Fact]
    public void Automatic_SharesTheCoresBetweenWorkers_FromAThousandRows()
    {
        int cores = Environment.ProcessorCount;
        Assert.Equal(1, AutoMLOptions.AutoTreeThreads(120, 1));
        Assert.Equal(1, AutoMLOptions.AutoTreeThreads(AutoMLOptions.TreeThreadsMinRows - 1, 1));
        Assert.Equal(cores, AutoMLOptions.AutoTreeThreads(AutoMLOptions.TreeThreadsMinRows, 1));
        Assert.Equal(Math.Max(1, cores / 2), AutoMLOptions.AutoTreeThreads(240_000, 2));
        Assert.Equal(1, AutoMLOptions.AutoTreeThreads(240_000, cores + 1));
        // Never more threads in all than cores.
        foreach (int workers in new[] { 1, 2, 3, 4, 8, 16 })
            Assert.True(workers * AutoMLOptions.AutoTreeThreads(50_000, workers) <= Math.Max(cores, workers));
    }

    [Fact]
    public void ZeroThreads_IsAnErrorNamingTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new AutoMLOptions { LabelColumn = "y", TreeThreads = 0 }.Validate());
        Assert.Contains("TreeThreads", e.Message);
    }

    /// <summary>The thread count each fit of one trial gets: the row subsample, two folds, then the refit on all rows.</summary>
    private static async Task<int?[]> FitThreads(AutoMLTrainer trainer, int? treeThreads, int workers)
    {
        var train = TestData.Shipped("attrition", "train.csv");
        var o = new AutoMLOptions
        {
            LabelColumn = "Attrition", TimeBudget = null, MaxTrials = 1, Workers = workers, Seed = 2, Folds = 2, Repeats = 1,
            Trainers = [trainer], Ensemble = false, Refit = true, TreeThreads = treeThreads,
        };
        var seen = new ConcurrentQueue<int?>();
        var result = await new AutoMLExperiment(new MLContext(2), o)
        {
            TrainerDecorator = (_, _, est) => { seen.Enqueue(ThreadsOf(est)); return est; },
        }.FitAsync(train);
        Assert.Equal(TrialState.Complete, result.Leaderboard.Trials[0].State);
        return seen.ToArray();
    }

    [Theory]
    [InlineData(AutoMLTrainer.LightGbm)]
    [InlineData(AutoMLTrainer.FastTree)]
    [InlineData(AutoMLTrainer.ExtraTrees)]
    [InlineData(AutoMLTrainer.RandomForest)]
    public async Task AGivenCount_ReachesEveryTreeFit(AutoMLTrainer trainer) =>
        Assert.Equal([3, 3, 3, 3], await FitThreads(trainer, 3, workers: 2));

    [Fact]
    public async Task Automatic_SharesTheCoresInTheSearch_AndGivesTheRefitAllOfThem()
    {
        // attrition has 1176 training rows; two workers share the cores in the search, the refit runs alone.
        int search = AutoMLOptions.AutoTreeThreads(1176, 2), refit = AutoMLOptions.AutoTreeThreads(1176, 1);
        Assert.Equal([search, search, search, refit], await FitThreads(AutoMLTrainer.LightGbm, null, workers: 2));
    }

    [Fact]
    public async Task OtherTrainers_KeepOneThread() =>
        Assert.Equal([1, 1, 1, 1], await FitThreads(AutoMLTrainer.SdcaLinear, 3, workers: 1));

    [Fact]
    public async Task OneOrTwoThreads_GiveTheSameLeaderboardAndPredictions()
    {
        var train = TestData.Shipped("attrition", "train.csv");
        var o = new AutoMLOptions
        {
            LabelColumn = "Attrition", TimeBudget = null, MaxTrials = 7, Workers = 1, Seed = 9, Folds = 2, Repeats = 1, Refit = true,
            Trainers = [AutoMLTrainer.LightGbm, AutoMLTrainer.FastTree, AutoMLTrainer.FastForest, AutoMLTrainer.ExtraTrees, AutoMLTrainer.RandomForest],
        };
        var one = await new AutoMLExperiment(new MLContext(9), o with { TreeThreads = 1 }).FitAsync(train);
        var two = await new AutoMLExperiment(new MLContext(9), o with { TreeThreads = 2 }).FitAsync(train);
        static string Key(AutoMLResult r) => string.Join("\n", r.Leaderboard.Trials.Select(t => $"{t.Number} {t.Trainer} {t.State} {t.Score:R}"));
        Assert.Equal(Key(one), Key(two));
        Assert.Equal(5, one.Leaderboard.Trials.Select(t => t.Trainer).Distinct().Count());
        var test = TestData.Shipped("attrition", "test.csv");
        Assert.Equal(one.Model.PredictFile(test).Select(p => p.Value), two.Model.PredictFile(test).Select(p => p.Value));
    }

    /// <summary>The NumberOfThreads of the options object a trainer keeps (a private field of FastTree's and LightGbm's base classes, the forests' options).</summary>
    private static int? ThreadsOf(object trainer)
    {
        for (var t = trainer.GetType(); t is not null; t = t.BaseType)
            foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                if (f.GetValue(trainer) is not { } value) continue;
                if (value.GetType().GetField("NumberOfThreads") is { } field) return (int?)field.GetValue(value);
                if (value.GetType().GetProperty("NumberOfThreads") is { } property) return (int?)property.GetValue(value);
            }
        throw new InvalidOperationException($"{trainer.GetType().Name} keeps no options object with NumberOfThreads.");
    }
}
