using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>DeepRoad.Ensembles' naive Bayes as an AutoML trainer: searched on text, not on numeric tables or regression.</summary>
public sealed class NaiveBayesSearchTests
{
    private static IReadOnlyList<AutoMLTrainer> Resolve(string set, string label, params AutoMLTrainer[] trainers)
    {
        var (experiment, data) = TestData.Experiment(set, label, trainers);
        return experiment.ResolveTrainers(data);
    }

    [Fact]
    public void ResolveTrainers_NaiveBayesOnTextOnly_SecondInCostOrder()
    {
        var text = Resolve("fine_foods", "label");
        Assert.Equal([AutoMLTrainer.SdcaLinear, AutoMLTrainer.NaiveBayes], text.Take(2));
        Assert.DoesNotContain(AutoMLTrainer.NaiveBayes, Resolve("penguins", "species"));
        // Named on a table it runs (the user asked); on regression it is no trainer at all.
        Assert.Equal([AutoMLTrainer.NaiveBayes], Resolve("penguins", "species", AutoMLTrainer.NaiveBayes));
        var ex = Assert.Throws<ArgumentException>(() => Resolve("diabetes", "progression", AutoMLTrainer.NaiveBayes));
        Assert.Contains("supports Regression", ex.Message);
    }

    [Fact]
    public async Task FitAsync_NaiveBayesOnText_CompletesAndScoresWellAboveChance()
    {
        var o = new AutoMLOptions { LabelColumn = "label", TimeBudget = null, MaxTrials = 2, Seed = 3, Folds = 3, Trainers = [AutoMLTrainer.NaiveBayes] };
        var result = await new MLContext(3).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("fine_foods", "train.csv"));
        Assert.All(result.Leaderboard.Trials, t => Assert.True(t.State == TrialState.Complete, t.Error));
        // The first trial is scikit-learn's ComplementNB default over the featurizer's TF-IDF.
        var first = result.Leaderboard.Trials.Single(t => t.Number == result.Leaderboard.Trials.Min(x => x.Number));
        Assert.Equal(1, first.Parameters["complement"]);
        Assert.Equal(1, first.Parameters["Alpha"], 6);
        var auc = result.Model.Evaluate(TestData.Shipped("fine_foods", "test.csv"))["auc"];
        Assert.True(auc > 0.8, $"naive Bayes test AUC {auc}");
    }
}
