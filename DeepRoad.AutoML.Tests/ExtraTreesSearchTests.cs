using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>DeepRoad.Ensembles' extra trees as an AutoML trainer: when they are searched, what they search, a run that saves and loads.</summary>
public sealed class ExtraTreesSearchTests
{
    [Fact]
    public void ResolveTrainers_ExtraTreesOnTablesByDefault_OnTextOnlyWhenNamed()
    {
        var (e, table) = TestData.Experiment("penguins", "species");
        var trainers = e.ResolveTrainers(table);
        Assert.Contains(AutoMLTrainer.ExtraTrees, trainers);
        // Cheap on small tables: right after the linear models and the LightGbm default, before FastTree and FastForest.
        Assert.True(trainers.ToList().IndexOf(AutoMLTrainer.ExtraTrees) < trainers.ToList().IndexOf(AutoMLTrainer.FastTree));

        var (te, text) = TestData.Experiment("fine_foods", "label");
        Assert.DoesNotContain(AutoMLTrainer.ExtraTrees, te.ResolveTrainers(text));
        var (named, text2) = TestData.Experiment("fine_foods", "label", AutoMLTrainer.ExtraTrees, AutoMLTrainer.SdcaLinear);
        Assert.Equal([AutoMLTrainer.SdcaLinear, AutoMLTrainer.ExtraTrees], named.ResolveTrainers(text2));
    }

    [Fact]
    public void Space_LeafFloorGrowsWithRows_DefaultStartsAtTheFloor()
    {
        Assert.Equal(1, AutoMLSpace.ForestMinLeaf(300));
        Assert.Equal(1, AutoMLSpace.ForestMinLeaf(1000));
        Assert.Equal(2, AutoMLSpace.ForestMinLeaf(1176));
        Assert.Equal(30, AutoMLSpace.ForestMinLeaf(30000));

        var (_, attrition) = TestData.Experiment("attrition", "Attrition");
        var space = new AutoMLSpace([AutoMLTrainer.ExtraTrees], attrition);
        var first = AutoMLSpace.Numbers(space.Default(AutoMLTrainer.ExtraTrees));
        Assert.Equal(2, first["MinimumExampleCountPerLeaf"]);
        Assert.Equal(100, first["NumberOfTrees"]);
        Assert.Equal(0, first["FeatureFraction"]);
        var leaf = space.Subspaces[AutoMLTrainer.ExtraTrees].Parameters.Single(p => p.Name == "ExtraTrees.MinimumExampleCountPerLeaf");
        Assert.False(leaf.Contains(1L));
        Assert.True(leaf.Contains(2L));
        Assert.True(leaf.Contains(58L));
        Assert.False(leaf.Contains(59L));
    }

    [Fact]
    public async Task FitAsync_ExtraTreesOnly_CompletesAndTheModelSavesAndLoads()
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 3, Seed = 5, Trainers = [AutoMLTrainer.ExtraTrees] };
        var result = await new MLContext(5).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("penguins", "train.csv"));
        Assert.All(result.Leaderboard.Trials, t => Assert.True(t.State == TrialState.Complete, t.Error));
        Assert.All(result.Leaderboard.Trials, t => Assert.Equal(AutoMLTrainer.ExtraTrees, t.Trainer));
        Assert.True(result.Leaderboard.Trials.Max(t => t.Score ?? 0) > 0.95, $"best CV accuracy {result.Leaderboard.Trials.Max(t => t.Score ?? 0)}");

        var test = TestData.Shipped("penguins", "test.csv");
        Assert.True(result.Model.Evaluate(test)["accuracy"] > 0.95);
        var path = Path.Combine(TestData.TempDir(), "model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        var before = result.Model.PredictFile(test);
        var after = loaded.PredictFile(test);
        Assert.Equal(before.Select(p => p.PredictedLabel), after.Select(p => p.PredictedLabel));
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i].Value, after[i].Value, 5);
    }
}
