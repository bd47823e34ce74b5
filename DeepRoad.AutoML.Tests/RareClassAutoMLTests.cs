using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Splits;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// A class rarer than the validation folds (4 positives in 5 folds): some folds' test parts hold no positive, where
/// ROC-AUC is undefined. The search must still score trials (on the pooled out-of-fold rows), score the row subsample on
/// a fold that holds both classes, and warn about the class.
/// </summary>
public sealed class RareClassAutoMLTests
{
    /// <summary>320 rows, the last <paramref name="positives"/> of them positive (x above 2.5), plus a categorical column.</summary>
    private static string Write(string name, int positives)
    {
        var rng = new Random(3);
        var sb = new StringBuilder("x,z,colour,target\n");
        for (int i = 0; i < 320; i++)
        {
            bool pos = i >= 320 - positives;
            double x = pos ? 2.5 + rng.NextDouble() : rng.NextDouble() * 3.5 - 2;
            string colour = rng.Next(3) switch { 0 => "red", 1 => "green", _ => "blue" };
            sb.Append(CultureInfo.InvariantCulture, $"{x:0.000},{rng.NextDouble():0.000},{colour},{(pos ? 1 : 0)}\n");
        }
        var path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task FourPositivesInFiveFolds_TrialsComplete_SubsampleIsScored_AndTheClassIsWarnedAbout()
    {
        var train = Write("rare_positive.csv", 4);
        // The stratified split deals the class-sorted rows round-robin: 316 negatives, then the positives land in
        // folds 1-4, and the first fold (the row-subsample step's) holds none.
        var truth = Enumerable.Range(0, 320).Select(i => i >= 316 ? 1f : 0f).ToArray();
        const int seed = 2;
        Assert.DoesNotContain(new StratifiedKFold { Folds = 5, Shuffle = true, Seed = seed, AllowSmallClasses = true }.Split(truth)[0].TestIndices, i => i >= 316);
        var o = new AutoMLOptions
        {
            LabelColumn = "target", TimeBudget = null, MaxTrials = 6, Workers = 1, Seed = seed,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm],
        };
        var result = await new MLContext(seed).DeepRoad().AutoML(o).FitAsync(train);

        var trials = result.Leaderboard.Trials;
        Assert.Equal("roc_auc", Pipelines.Metrics.MetricNames.ToName(result.Leaderboard.Metric));
        // Before the folds were ordered, every trial failed scoring its row subsample on a fold without positives.
        Assert.DoesNotContain(trials, t => t.State == TrialState.Failed);
        Assert.Contains(trials, t => t.State == TrialState.Complete && t.Score is > 0.9);
        Assert.All(trials.Where(t => t.State == TrialState.Complete), t => Assert.NotNull(t.SubsampleScore));
        Assert.Contains(result.Schema.Warnings, w => w.Contains("class '1' (4 rows) has fewer rows than the 5 validation folds"));
    }

    [Fact]
    public async Task OnePositive_StillGivesAModel()
    {
        var train = Write("one_positive.csv", 1);
        var o = new AutoMLOptions { LabelColumn = "target", TimeBudget = null, MaxTrials = 3, Workers = 1, Seed = 4, Trainers = [AutoMLTrainer.LbfgsLinear] };
        var result = await new MLContext(4).DeepRoad().AutoML(o).FitAsync(train);
        Assert.Contains(result.Leaderboard.Trials, t => t.State == TrialState.Complete);
        Assert.Contains(result.Schema.Warnings, w => w.Contains("class '1' (1 row)"));
    }

    [Fact]
    public void RichestFirst_RotatesTheFoldsSoTheFirstHoldsEveryClass_AndLeavesBalancedFoldsAlone()
    {
        // Rows 0-9 are class 0, row 10 class 1; only the third fold's test part holds row 10.
        var truth = Enumerable.Range(0, 11).Select(i => i == 10 ? 1f : 0f).ToArray();
        var folds = new StratifiedKFold { Folds = 3, Shuffle = true, Seed = 1, AllowSmallClasses = true }.Split(truth);
        int holder = folds.ToList().FindIndex(f => f.TestIndices.Contains(10));
        var ordered = AutoMLExperiment.RichestFirst(folds, truth);
        Assert.Contains(10, ordered[0].TestIndices);
        Assert.Equal(folds.Count, ordered.Count);
        for (int f = 0; f < folds.Count; f++) Assert.Same(folds[(holder + f) % folds.Count], ordered[f]);

        var balanced = Enumerable.Range(0, 12).Select(i => (float)(i % 2)).ToArray();
        var even = new StratifiedKFold { Folds = 3, Shuffle = true, Seed = 1 }.Split(balanced);
        Assert.Same(even, AutoMLExperiment.RichestFirst(even, balanced));
    }
}
