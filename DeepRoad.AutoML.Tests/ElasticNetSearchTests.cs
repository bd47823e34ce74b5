using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>DeepRoad.Ensembles' elastic net as an AutoML trainer: searched on regression only, right after SDCA.</summary>
public sealed class ElasticNetSearchTests
{
    private static IReadOnlyList<AutoMLTrainer> Resolve(string set, string label, params AutoMLTrainer[] trainers)
    {
        var (experiment, data) = TestData.Experiment(set, label, trainers);
        return experiment.ResolveTrainers(data);
    }

    [Fact]
    public void ResolveTrainers_ElasticNetOnRegressionOnly_AfterSdca()
    {
        var regression = Resolve("diabetes", "progression");
        Assert.Equal(regression.ToList().IndexOf(AutoMLTrainer.SdcaLinear) + 1, regression.ToList().IndexOf(AutoMLTrainer.ElasticNet));
        Assert.DoesNotContain(AutoMLTrainer.ElasticNet, Resolve("penguins", "species"));
        var ex = Assert.Throws<ArgumentException>(() => Resolve("penguins", "species", AutoMLTrainer.ElasticNet));
        Assert.Contains("supports MulticlassClassification", ex.Message);
    }

    [Fact]
    public async Task FitAsync_ElasticNet_TunesTheL1Ratio_SavesAndLoads()
    {
        var o = new AutoMLOptions { LabelColumn = "progression", TimeBudget = null, MaxTrials = 3, Seed = 4, Folds = 3, Trainers = [AutoMLTrainer.ElasticNet] };
        var ml = new MLContext(4);
        var result = await ml.DeepRoad().AutoML(o).FitAsync(TestData.Shipped("diabetes", "train.csv"));
        Assert.All(result.Leaderboard.Trials, t => Assert.True(t.State == TrialState.Complete, t.Error));
        // First scikit-learn's ElasticNetCV default, then the lasso, then the search's own choice.
        var byNumber = result.Leaderboard.Trials.OrderBy(t => t.Number).ToList();
        Assert.Equal(0.5, byNumber[0].Parameters["L1Ratio"], 6);
        Assert.Equal(1.0, byNumber[1].Parameters["L1Ratio"], 6);
        Assert.Equal(3, byNumber.Select(t => t.Parameters["L1Ratio"]).Distinct().Count());
        var test = TestData.Shipped("diabetes", "test.csv");
        var rmse = result.Model.Evaluate(test)["rmse"];
        // scikit-learn's LassoCV / ElasticNetCV on this split: 52.9 / 53.4 test RMSE; predicting the mean: about 75.
        Assert.InRange(rmse, 45, 58);

        var path = Path.Combine(Path.GetTempPath(), $"deeproad-enet-{Guid.NewGuid():N}.zip");
        try
        {
            result.Model.Save(path);
            var loaded = AutoMLModel.Load(path, new MLContext(5));
            Assert.Equal(rmse, loaded.Evaluate(test)["rmse"], 6);
        }
        finally { File.Delete(path); }
    }
}
