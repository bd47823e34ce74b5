using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>The TorchSharp MLP from DeepRoad.Deep takes part in the search when deep models are allowed.</summary>
[Collection("torch")]
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

/// <summary>Which trainers a search runs when deep models are automatic, allowed or refused.</summary>
public sealed class DeepModelChoiceTests
{
    private static IReadOnlyList<AutoMLTrainer> Resolve(string set, string label, bool? deep, params AutoMLTrainer[] trainers)
    {
        var ml = new MLContext(0);
        var o = new AutoMLOptions { LabelColumn = label, AllowDeepModels = deep, Trainers = trainers };
        return ml.DeepRoad().AutoML(o).ResolveTrainers(Data.AutoMLData.Load(ml, TestData.Shipped(set, "train.csv"), o));
    }

    [Fact]
    public void ResolveTrainers_Automatic_SearchesTheCnnOnImagesOnly_ThirdInCostOrder()
    {
        var images = Resolve("digits_images", "Label", null);
        Assert.Equal([AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm, AutoMLTrainer.Cnn], images.Take(3));
        Assert.DoesNotContain(AutoMLTrainer.Mlp, images);
        Assert.DoesNotContain(Resolve("iris", "species", null), AutoMLSpace.IsDeep);
        Assert.DoesNotContain(Resolve("fine_foods", "label", null), AutoMLSpace.IsDeep);

        Assert.DoesNotContain(Resolve("digits_images", "Label", false), AutoMLSpace.IsDeep);
        Assert.Contains(AutoMLTrainer.Mlp, Resolve("digits_images", "Label", true));
        Assert.Contains(AutoMLTrainer.Cnn, Resolve("digits_images", "Label", true));
        Assert.Contains(AutoMLTrainer.Recurrent, Resolve("fine_foods", "label", true));

        // Naming a deep trainer asks for it, unless deep models are refused outright.
        Assert.Equal([AutoMLTrainer.Mlp], Resolve("iris", "species", null, AutoMLTrainer.Mlp));
        var ex = Assert.Throws<ArgumentException>(() => Resolve("digits_images", "Label", false, AutoMLTrainer.Cnn));
        Assert.Contains("AllowDeepModels", ex.Message);
        // A trainer whose input column the data lacks is an error naming the kind of column.
        ex = Assert.Throws<ArgumentException>(() => Resolve("iris", "species", true, AutoMLTrainer.Cnn));
        Assert.Contains("ImagePath", ex.Message);
    }
}

/// <summary>Deep models for text and image columns, and epoch-based successive halving.</summary>
[Collection("torch")]
public sealed class DeepColumnModelTests
{
    private static async Task<(AutoMLResult Result, TrialRecord Trial)> FitOneDeepTrial(string set, string label, AutoMLTrainer trainer, int seed)
    {
        var o = new AutoMLOptions
        {
            LabelColumn = label, TimeBudget = null, MaxTrials = 1, Seed = seed, AllowDeepModels = true, Trainers = [trainer], HoldoutFraction = 0.25,
        };
        var result = await new MLContext(seed).DeepRoad().AutoML(o).FitAsync(TestData.Shipped(set, "train.csv"));
        var trial = Assert.Single(result.Leaderboard.Trials);
        Assert.True(trial.State == TrialState.Complete, trial.Error);
        return (result, trial);
    }

    [Fact]
    public async Task FitAsync_TextColumn_RecurrentTrialReportsEpochsAndBeatsChance()
    {
        var (result, trial) = await FitOneDeepTrial("fine_foods", "label", AutoMLTrainer.Recurrent, 31);
        Assert.StartsWith("tokens(", trial.Pipeline);
        Assert.Equal(4, trial.EpochLosses.Count);
        Assert.All(trial.EpochLosses, l => Assert.True(double.IsFinite(l) && l > 0));
        var test = result.Model.Evaluate(TestData.Shipped("fine_foods", "test.csv"));
        Assert.True(test["auc"] > 0.7, $"LSTM test AUC {test["auc"]}");
    }

    [Fact]
    public async Task FitAsync_ImageColumn_CnnTrialLearnsDigits()
    {
        var (result, trial) = await FitOneDeepTrial("digits_images", "Label", AutoMLTrainer.Cnn, 32);
        Assert.StartsWith("pixels(16x16", trial.Pipeline);
        Assert.Equal(15, trial.EpochLosses.Count);
        Assert.True(trial.EpochLosses[^1] < trial.EpochLosses[0], string.Join(", ", trial.EpochLosses));
        var acc = result.Model.Evaluate(TestData.Shipped("digits_images", "test.csv"))["accuracy"];
        Assert.True(acc > 0.8, $"CNN test accuracy {acc}, holdout {trial.Score}, losses {string.Join(", ", trial.EpochLosses)}");
    }

    [Fact]
    public async Task FitAsync_ColorImages_CnnReadsRedGreenAndBluePlanes()
    {
        // Two classes of the same gray level (0.3 R + 0.59 G + 0.11 B = 102) told apart by color alone.
        string dir = Directory.CreateTempSubdirectory("deeproad-color-").FullName;
        try
        {
            var rng = new Random(4);
            var lines = new List<string> { "ImagePath,Label" };
            for (int i = 0; i < 48; i++)
            {
                bool warm = i % 2 == 0;
                var (r, g, b) = warm ? (200, 60, 60) : (60, 100, 231);
                using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(16, 16, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
                for (int y = 0; y < 16; y++)
                    for (int x = 0; x < 16; x++)
                    {
                        int n = rng.Next(-20, 21);
                        bitmap.SetPixel(x, y, new SkiaSharp.SKColor((byte)Math.Clamp(r + n, 0, 255), (byte)Math.Clamp(g + n, 0, 255), (byte)Math.Clamp(b + n, 0, 255)));
                    }
                using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(dir, $"{i}.png"), png.ToArray());
                lines.Add($"{i}.png,{(warm ? "warm" : "cool")}");
            }
            string csv = Path.Combine(dir, "train.csv");
            File.WriteAllLines(csv, lines);
            var o = new AutoMLOptions
            {
                LabelColumn = "Label", TimeBudget = null, MaxTrials = 1, Seed = 3, AllowDeepModels = true, Trainers = [AutoMLTrainer.Cnn], HoldoutFraction = 0.25,
            };
            var result = await new MLContext(3).DeepRoad().AutoML(o).FitAsync(csv);
            var trial = Assert.Single(result.Leaderboard.Trials);
            Assert.True(trial.State == TrialState.Complete, trial.Error);
            Assert.StartsWith("pixels(16x16 rgb)", trial.Pipeline);
            Assert.True(result.Model.Evaluate(csv)["accuracy"] > 0.9, trial.Score.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Pruner_EpochSteps_HalvesAtEpochRungsAmongEarlierTrialsOnly()
    {
        static FrozenTrialBuilder T(int number, params double[] losses) => new(number, losses);
        var pruner = new Search.AutoMLPruner(window: 3, minPeers: 4, exemptBelow: 2);
        // Peers 2..7 finished with epoch-2 losses 0.1 .. 0.6; trial 8 cannot see 6 and 7 (window 3).
        var peers = Enumerable.Range(2, 6).Select(i => T(i, 1.0, 0.1 * (i - 1)).Frozen(Tuning.TrialState.Complete)).ToList();
        Assert.True(pruner.ShouldPrune(T(11, 1.0, 0.55).Frozen(Tuning.TrialState.Running), peers, Tuning.StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(11, 1.0, 0.15).Frozen(Tuning.TrialState.Running), peers, Tuning.StudyDirection.Minimize));
        // Epoch 3 is no rung; a default trial (below exemptBelow) is never pruned; too few visible peers: go on.
        Assert.False(pruner.ShouldPrune(T(11, 1.0, 0.55, 0.9).Frozen(Tuning.TrialState.Running), peers, Tuning.StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(1, 1.0, 0.55).Frozen(Tuning.TrialState.Running), peers, Tuning.StudyDirection.Minimize));
        Assert.False(pruner.ShouldPrune(T(8, 1.0, 0.55).Frozen(Tuning.TrialState.Running), peers, Tuning.StudyDirection.Minimize));
    }

    private sealed record FrozenTrialBuilder(int Number, double[] Losses)
    {
        public Tuning.FrozenTrial Frozen(Tuning.TrialState state) => new()
        {
            Number = Number, State = state, Parameters = Tuning.Spaces.ParameterSet.Empty,
            IntermediateValues = Losses.Select((l, e) => new KeyValuePair<int, double>(Search.AutoMLPruner.EpochStep(e + 1), l)).ToList(),
        };
    }
}
