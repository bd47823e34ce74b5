using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>DeepRoad.Ensembles' random forest as an AutoML trainer: when it is searched, what it searches, a regression run that saves and loads.</summary>
public sealed class RandomForestSearchTests
{
    [Fact]
    public void ResolveTrainers_RandomForestOnTablesAfterExtraTrees_OnTextOnlyWhenNamed()
    {
        var (e, table) = TestData.Experiment("diabetes", "progression");
        var trainers = e.ResolveTrainers(table).ToList();
        Assert.Contains(AutoMLTrainer.RandomForest, trainers);
        Assert.Equal(trainers.IndexOf(AutoMLTrainer.ExtraTrees) + 1, trainers.IndexOf(AutoMLTrainer.RandomForest));
        Assert.True(trainers.IndexOf(AutoMLTrainer.RandomForest) < trainers.IndexOf(AutoMLTrainer.FastTree));

        var (te, text) = TestData.Experiment("fine_foods", "label");
        Assert.DoesNotContain(AutoMLTrainer.RandomForest, te.ResolveTrainers(text));
        var (named, text2) = TestData.Experiment("fine_foods", "label", AutoMLTrainer.RandomForest, AutoMLTrainer.SdcaLinear);
        Assert.Equal([AutoMLTrainer.SdcaLinear, AutoMLTrainer.RandomForest], named.ResolveTrainers(text2));
    }

    [Fact]
    public void Space_DefaultIsScikitLearnsForestAtTheLeafFloor()
    {
        var (_, attrition) = TestData.Experiment("attrition", "Attrition");
        var space = new AutoMLSpace([AutoMLTrainer.RandomForest], attrition);
        var first = AutoMLSpace.Numbers(space.Default(AutoMLTrainer.RandomForest));
        Assert.Equal(AutoMLSpace.ForestMinLeaf(attrition.Rows), first["MinimumExampleCountPerLeaf"]);
        Assert.Equal(100, first["NumberOfTrees"]);
        Assert.Equal(0, first["FeatureFraction"]);
        var names = space.Subspaces[AutoMLTrainer.RandomForest].Parameters.Select(p => p.Name).ToList();
        Assert.Contains("RandomForest.NumberOfTrees", names);
        Assert.Contains("RandomForest.FeatureFraction", names);
    }

    [Fact]
    public async Task FitAsync_RandomForestOnly_RegressionCompletes_AndTheModelSavesAndLoads()
    {
        var o = new AutoMLOptions { LabelColumn = "progression", TimeBudget = null, MaxTrials = 3, Seed = 5, Trainers = [AutoMLTrainer.RandomForest] };
        var result = await new MLContext(5).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        Assert.All(result.Leaderboard.Trials, t => Assert.True(t.State == TrialState.Complete, t.Error));
        Assert.All(result.Leaderboard.Trials, t => Assert.Equal(AutoMLTrainer.RandomForest, t.Trainer));

        var test = TestData.Shipped("diabetes", "test.csv");
        // scikit-learn's RandomForestRegressor(100) scores 54.1-56.3 test RMSE over ten seeds on this split; predicting
        // the mean scores about 73.
        Assert.InRange(result.Model.Evaluate(test)["rmse"], 40, 60);
        var path = Path.Combine(TestData.TempDir(), "model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        var before = result.Model.PredictFile(test);
        var after = loaded.PredictFile(test);
        for (int i = 0; i < before.Count; i++) Assert.Equal(before[i].Value, after[i].Value, 4);
    }
}
