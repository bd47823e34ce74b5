using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace DeepRoad.Tuning.Tests;

public sealed class LightGbmHistogramPoolTests
{
    private static LightGbmBinaryTrainer Trainer(MLContext ml) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
    {
        NumberOfLeaves = 64, MinimumExampleCountPerLeaf = 2, NumberOfIterations = 20, Seed = 1, NumberOfThreads = 1, Verbose = false, Silent = true,
    });

    private static float[] Scores(MLContext ml, ITransformer model, IDataView data) =>
        model.Transform(data).GetColumn<float>("Score").ToArray();

    [Theory]
    [InlineData(MLTask.BinaryClassification)]
    [InlineData(MLTask.MulticlassClassification)]
    [InlineData(MLTask.Regression)]
    public void TunedLightGbm_CarriesTheHistogramCap(MLTask task)
    {
        var ml = new MLContext(1);
        var space = TrainerSpaces.LightGbm(task, maxIterations: 20);
        var trainer = space.Create(ml, space.Defaults);
        Assert.Equal(LightGbmHistogramPool.DefaultMegabytes, Assert.IsType<double>(LightGbmHistogramPool.Parameters(trainer)[LightGbmHistogramPool.Parameter]));
    }

    [Fact]
    public void TheCapReachesLightGbm_ABadValueIsRefusedByLightGbmItself()
    {
        var (ml, data) = SearchCVTests.BreastCancerFeatures();
        var trainer = Trainer(ml);
        // The same dictionary the cap is written to; LightGBM parses it at fit time and rejects a non-number.
        ((Dictionary<string, object>)LightGbmHistogramPool.Parameters(trainer))[LightGbmHistogramPool.Parameter] = "not-a-number";
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(data));
        Assert.Contains("LightGBM Error", error.Message);
        Assert.Contains("not-a-number", error.Message);
    }

    [Fact]
    public void ACapOfAFewHistograms_GrowsTheSameTrees()
    {
        var (ml, data) = SearchCVTests.BreastCancerFeatures();
        var free = Scores(ml, Trainer(ml).Fit(data), data);
        // 0.5 MB holds a few leaves' histograms (30 features x up to 255 bins each) of the 64 a tree grows, so most are
        // rebuilt instead of kept; the trees must not change.
        var capped = Scores(ml, LightGbmHistogramPool.Limit(Trainer(ml), 0.5).Fit(data), data);
        Assert.Equal(free.Length, capped.Length);
        for (int i = 0; i < free.Length; i++) Assert.Equal(free[i], capped[i], 4);
        Assert.True(free.Distinct().Count() > 10, "the model should not be a constant");
    }

    [Fact]
    public void Limit_RefusesOtherTrainersAndNonPositiveSizes()
    {
        var ml = new MLContext(1);
        Assert.Throws<ArgumentException>(() => LightGbmHistogramPool.Limit(ml.BinaryClassification.Trainers.FastTree()));
        Assert.Throws<ArgumentOutOfRangeException>(() => LightGbmHistogramPool.Limit(Trainer(ml), 0));
    }
}
