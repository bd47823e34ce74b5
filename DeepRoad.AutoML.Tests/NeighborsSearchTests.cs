using DeepRoad.AutoML.Search;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>DeepRoad.Ensembles' k nearest neighbours as an AutoML trainer: when it is searched, what it searches, a run that saves and loads.</summary>
public sealed class NeighborsSearchTests
{
    [Fact]
    public void ResolveTrainers_NeighborsOnTablesBeforeTheForests_NotOnTextOrLargeTablesUnlessNamed()
    {
        var (e, table) = TestData.Experiment("penguins", "species");
        var trainers = e.ResolveTrainers(table).ToList();
        Assert.Contains(AutoMLTrainer.KNearestNeighbors, trainers);
        Assert.True(trainers.IndexOf(AutoMLTrainer.KNearestNeighbors) < trainers.IndexOf(AutoMLTrainer.ExtraTrees));
        Assert.True(trainers.IndexOf(AutoMLTrainer.SdcaLinear) < trainers.IndexOf(AutoMLTrainer.KNearestNeighbors));

        var (te, text) = TestData.Experiment("fine_foods", "label");
        Assert.DoesNotContain(AutoMLTrainer.KNearestNeighbors, te.ResolveTrainers(text));
        // Named on text, it comes after the sparse readers, with the forests.
        var (named, text2) = TestData.Experiment("fine_foods", "label", AutoMLTrainer.RandomForest, AutoMLTrainer.KNearestNeighbors, AutoMLTrainer.SdcaLinear);
        Assert.Equal([AutoMLTrainer.SdcaLinear, AutoMLTrainer.KNearestNeighbors, AutoMLTrainer.RandomForest], named.ResolveTrainers(text2));

        Assert.True(AutoMLSpace.SearchedByDefault(AutoMLTrainer.KNearestNeighbors, table.Schema with { RowCount = AutoMLSpace.NeighborsDefaultMaxRows }));
        Assert.False(AutoMLSpace.SearchedByDefault(AutoMLTrainer.KNearestNeighbors, table.Schema with { RowCount = AutoMLSpace.NeighborsDefaultMaxRows + 1 }));
    }

    [Fact]
    public void Space_DefaultIsScikitLearns_SecondIsInverseDistance_FeaturesNormalised()
    {
        var (_, attrition) = TestData.Experiment("attrition", "Attrition");
        var space = new AutoMLSpace([AutoMLTrainer.KNearestNeighbors], attrition);
        var first = AutoMLSpace.Numbers(space.Default(AutoMLTrainer.KNearestNeighbors));
        Assert.Equal((5.0, 0.0, 0.0), (first["NumberOfNeighbors"], first["weighting"], first["distance"]));
        Assert.Equal(NormalizerKind.MinMax, AutoMLSpace.Featurizer(space.Default(AutoMLTrainer.KNearestNeighbors)).Normalizer);
        var second = AutoMLSpace.Numbers(space.Alternate(AutoMLTrainer.KNearestNeighbors)!);
        Assert.Equal((5.0, 1.0, 0.0), (second["NumberOfNeighbors"], second["weighting"], second["distance"]));
        var names = space.Subspaces[AutoMLTrainer.KNearestNeighbors].Parameters.Select(p => p.Name).ToList();
        Assert.Contains("KNearestNeighbors.feat.Normalizer", names);

        var estimator = Assert.IsType<KNearestNeighborsEstimator>(space.Trainer(new MLContext(1), space.DefaultWith(AutoMLTrainer.KNearestNeighbors,
            ("KNearestNeighbors.NumberOfNeighbors", 12), ("KNearestNeighbors.weighting", 1), ("KNearestNeighbors.distance", 1)), threads: 1, seed: 1));
        Assert.Equal((12, NeighborWeighting.Distance, NeighborDistance.Manhattan),
            (estimator.Options.NumberOfNeighbors, estimator.Options.Weighting, estimator.Options.Distance));
    }

    [Fact]
    public async Task FitAsync_NeighborsOnly_Completes_AndTheModelSavesAndLoads()
    {
        var o = new AutoMLOptions { LabelColumn = "species", TimeBudget = null, MaxTrials = 4, Seed = 5, Trainers = [AutoMLTrainer.KNearestNeighbors] };
        var result = await new MLContext(5).DeepRoad().AutoML(o).FitAsync(TestData.Shipped("penguins", "train.csv"));
        Assert.All(result.Leaderboard.Trials, t => Assert.True(t.State == TrialState.Complete, t.Error));
        Assert.All(result.Leaderboard.Trials, t => Assert.Equal(AutoMLTrainer.KNearestNeighbors, t.Trainer));

        var test = TestData.Shipped("penguins", "test.csv");
        // scikit-learn's KNeighborsClassifier on standardised, one-hot features scores 0.9855 on this split; the class shares alone about 0.44.
        Assert.InRange(result.Model.Evaluate(test)["accuracy"], 0.95, 1.0);
        var path = Path.Combine(TestData.TempDir(), "model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        var before = result.Model.PredictFile(test);
        var after = loaded.PredictFile(test);
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].PredictedLabel, after[i].PredictedLabel);
            Assert.Equal(before[i].Value, after[i].Value, 5);
        }
    }
}
