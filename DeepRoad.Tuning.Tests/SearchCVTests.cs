using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning;
using Microsoft.ML;

namespace DeepRoad.Tuning.Tests;

public sealed class SearchCVTests
{
    /// <summary>A file of a set shipped in the repository's data/ folder.</summary>
    internal static string DataFile(string set, string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", set, file);
    }

    private static (MLContext Ml, IDataView Train, IEstimator<ITransformer> Featurizer, LoadedData Loaded) Load(string set, string label)
    {
        var ml = new MLContext(seed: 1);
        var loaded = DataLoader.LoadFile(ml, DataFile(set, "train.csv"), new DataLoadOptions { Label = label });
        var prepared = loaded.WithPreparedLabel(ml);
        var featurizer = DefaultFeaturizer.Build(ml, loaded.Schema, new FeaturizerOptions());
        return (ml, prepared, featurizer, loaded);
    }

    /// <summary>A shipped set's training rows through the default featurizer, cached (what the trainer tests fit on).</summary>
    internal static (MLContext Ml, IDataView Features) Features(string set, string label)
    {
        var (ml, prepared, featurizer, _) = Load(set, label);
        return (ml, ml.Data.Cache(featurizer.Fit(prepared).Transform(prepared)));
    }

    internal static (MLContext Ml, IDataView Features) BreastCancerFeatures() => Features("breast_cancer", "diagnosis");

    [Fact]
    public async Task BayesSearch_BreastCancer_LightGbm_BeatsChance_AndFillsResults()
    {
        var (ml, train, featurizer, _) = Load("breast_cancer", "diagnosis");
        var trainer = TrainerSpaces.LightGbm(MLTask.BinaryClassification, maxIterations: 40, seed: 1);
        var search = new BayesSearch(ml, trainer.Space, p => featurizer.Append(trainer.Create(ml, p)), MLTask.BinaryClassification,
            new SearchCVOptions { Trials = 4, Folds = 3, Seed = 1, Metrics = [MetricKind.RocAuc, MetricKind.Accuracy] },
            new DeepRoad.Tuning.Samplers.GaussianProcessSamplerOptions { InitialTrials = 3 });
        await search.FitAsync(train);
        Assert.InRange(search.BestScore, 0.95, 1.0);
        Assert.Equal(4, search.Results.Count);
        var best = search.Results.Single(r => r.Rank == 1);
        Assert.Equal(search.BestScore, best.Mean[MetricKind.RocAuc], 1e-9);
        Assert.All(search.Results, r => { Assert.True(r.FitSeconds > 0); Assert.InRange(r.StandardDeviation[MetricKind.Accuracy], 0, 0.2); });
        Assert.NotNull(search.BestModel);
        var scored = search.BestModel!.Transform(train);
        Assert.Contains(scored.Schema, c => c.Name == "Probability");
    }

    [Fact]
    public async Task GridSearch_Iris_Sdca_ExhaustsGrid_Multiclass()
    {
        var (ml, train, featurizer, _) = Load("iris", "species");
        var trainer = TrainerSpaces.Sdca(MLTask.MulticlassClassification, maxIterations: 20);
        var search = new GridSearch(ml, trainer.Space, p => featurizer.Append(trainer.Create(ml, p)), MLTask.MulticlassClassification,
            new SearchCVOptions { Trials = 50, Folds = 3, Refit = false }, resolution: 2);
        await search.FitAsync(train);
        Assert.Equal(StudyStopReason.SamplerExhausted, search.StudyResult!.StopReason);
        Assert.Equal(4, search.Results.Count);
        Assert.Equal(MetricKindExtensions.StandardSetFor(MLTask.MulticlassClassification)[0], search.Metric);
        // iris is easy: the best candidate is far better than chance whichever metric leads
        Assert.True(search.Metric.HigherIsBetter() ? search.BestScore > 0.8 : search.BestScore < 0.6, $"best {search.Metric} {search.BestScore}");
        var means = search.Results.Where(r => r.State == TrialState.Complete).Select(r => r.Mean[search.Metric]).ToArray();
        Assert.Equal(search.Metric.HigherIsBetter() ? means.Max() : means.Min(), search.BestScore, 1e-9);
        Assert.Null(search.BestModel);
    }

    [Theory]
    [InlineData(TrainerKind.FastTree, MLTask.Regression)]
    [InlineData(TrainerKind.FastForest, MLTask.BinaryClassification)]
    [InlineData(TrainerKind.Lbfgs, MLTask.Regression)]
    [InlineData(TrainerKind.LightGbm, MLTask.MulticlassClassification)]
    public void TrainerSpaces_DefaultsBuildAndFit(TrainerKind kind, MLTask task)
    {
        var (set, label) = task switch { MLTask.Regression => ("diabetes", "progression"), MLTask.BinaryClassification => ("breast_cancer", "diagnosis"), _ => ("iris", "species") };
        var (ml, train, featurizer, _) = Load(set, label);
        var space = TrainerSpaces.For(kind, task, maxIterations: 20);
        var model = featurizer.Append(space.Create(ml, space.Defaults)).Fit(train);
        Assert.Contains(model.Transform(train).Schema, c => c.Name == "Score");
        Assert.Null(space.Space.Validate(space.Defaults));
    }
}
