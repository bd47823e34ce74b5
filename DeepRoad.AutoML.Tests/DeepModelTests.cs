using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>The TorchSharp MLP from DeepRoad.Deep takes part in the search when deep models are allowed.</summary>
public sealed class DeepModelTests
{
    [Fact]
    public async Task FitAsync_AllowDeepModels_MlpTrialCompletesAndSavesLoads()
    {
        var o = new AutoMLOptions
        {
            LabelColumn = "species", TimeBudget = null, MaxTrials = 1, Seed = 6, AllowDeepModels = true,
            Trainers = [AutoMLTrainer.Mlp], Folds = 3,
        };
        var result = await new MLContext(6).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("iris", "train.csv"));
        var mlp = Assert.Single(result.Leaderboard.Trials, t => t.Trainer == AutoMLTrainer.Mlp);
        Assert.True(mlp.State == TrialState.Complete, mlp.Error);
        Assert.True(mlp.Score > 0.8, $"MLP CV accuracy {mlp.Score}");

        var path = Path.Combine(TestData.TempDir(), "model.zip");
        var single = result.Model;
        Assert.Equal(AutoMLTrainer.Mlp, Assert.Single(single.Members).Trainer);
        single.Save(path);
        var loaded = AutoMLModel.Load(path);
        var a = single.PredictFile(TestData.Shipped("iris", "test.csv"));
        var b = loaded.PredictFile(TestData.Shipped("iris", "test.csv"));
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Value, b[i].Value, 4);

        Assert.Throws<ArgumentException>(() => new MLContext(0).DeepRoad().AutoML(o with { AllowDeepModels = false }).FitAsync(TestData.Shipped("iris", "train.csv")).GetAwaiter().GetResult());
    }
}
