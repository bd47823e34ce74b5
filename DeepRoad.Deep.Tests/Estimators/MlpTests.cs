using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Runtime;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using Microsoft.ML;
using TorchSharp;

namespace DeepRoad.Deep.Tests.Estimators;

public sealed class MlpTests
{
    internal static readonly DeepTrainingOptions Fast = new()
    {
        Epochs = 30, BatchSize = 16, LearningRate = 0.01, Threads = 1, Device = DeviceSpec.Cpu, Seed = 7, ValidationFraction = 0,
    };

    [Fact]
    public void Iris_Multiclass_BeatsBaselineAndEmitsMlNetColumns()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.Iris(ml);
        var model = ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [16] }, Fast).Fit(train);
        var scored = model.Transform(test);
        // Majority class is 1/3; a linear model gets ~0.95. A broken network stays near 0.33.
        Assert.True(PredictionReader.MulticlassAccuracy(scored) >= 0.9, $"accuracy {PredictionReader.MulticlassAccuracy(scored)}");
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        Assert.True(metrics.MacroAccuracy >= 0.9);
        Assert.All(PredictionReader.Vectors(scored, "Score"), s => Assert.Equal(1.0, s.Sum(), 4));
        Assert.Equal(["setosa", "versicolor", "virginica"], model.ClassNames);
        Assert.Equal(30, model.History.Count);
    }

    [Fact]
    public void BreastCancer_Binary_BeatsBaselineWithEveryOptimizer()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.BreastCancer(ml);
        foreach (var opt in Enum.GetValues<OptimizerKind>())
        {
            var o = Fast with
            {
                Optimizer = opt, Epochs = 10, LearningRate = opt is OptimizerKind.Sgd ? 0.05 : opt is OptimizerKind.Adadelta ? 1.0 : 0.01,
                Nesterov = opt == OptimizerKind.Sgd, Momentum = opt == OptimizerKind.RmsProp ? 0 : 0.9,
            };
            var model = ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [16], BatchNorm = true, Dropout = 0.1 }, o).Fit(train);
            var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
            // 63% are benign (majority baseline); logistic regression reaches ~0.96.
            Assert.True(metrics.Accuracy >= 0.92, $"{opt}: accuracy {metrics.Accuracy}");
            Assert.True(metrics.AreaUnderRocCurve >= 0.97, $"{opt}: AUC {metrics.AreaUnderRocCurve}");
        }
    }

    [Fact]
    public void Diabetes_Regression_BeatsMeanPredictor()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.Diabetes(ml);
        var o = Fast with { Epochs = 60, LearningRate = 0.003, Schedule = LearningRateScheduleKind.Cosine, WarmupEpochs = 2, L2 = 1e-3 };
        var model = ml.DeepRoad().Deep.Mlp(MLTask.Regression, new MlpSpec { HiddenLayers = [32], Activation = Activation.Tanh }, o).Fit(train);
        var metrics = ml.Regression.Evaluate(model.Transform(test));
        // The mean predictor has R2 ~ 0; linear regression reaches ~0.45 on this split.
        Assert.True(metrics.RSquared >= 0.3, $"R2 {metrics.RSquared}");
    }

    [Fact]
    public void SameSeed_SameWeightsAndPredictions_DifferentSeedDiffers()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.Iris(ml);
        var o = Fast with { Epochs = 5, ValidationFraction = 0.2 };
        float[][] Run(int seed) => PredictionReader.Vectors(
            ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [8], Dropout = 0.2 }, o with { Seed = seed }).Fit(train).Transform(test), "Score");
        var a = Run(3);
        var b = Run(3);
        var c = Run(4);
        Assert.Equal(a.SelectMany(v => v), b.SelectMany(v => v));
        Assert.NotEqual(a.SelectMany(v => v), c.SelectMany(v => v));
    }

    [Fact]
    public void SameSeed_TrainedConcurrently_SameAsAlone_DropoutMasksFollowTheSeed()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.Iris(ml);
        var o = Fast with { Epochs = 60, ValidationFraction = 0 };
        var spec = new MlpSpec { HiddenLayers = [16, 16], Dropout = 0.4 };
        float[] Run(int seed) => PredictionReader.Vectors(
            ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, spec, o with { Seed = seed }).Fit(train).Transform(test), "Score").SelectMany(v => v).ToArray();
        var alone = Run(3);
        // Two trainings at the same moment draw dropout masks in interleaved order; with torch's global generator (nn.Dropout)
        // each would take some of the other's numbers. Each network's own generator keeps both equal to the lone run.
        var runs = new[] { 3, 5, 3, 5 }.AsParallel().WithDegreeOfParallelism(4).Select(seed => (seed, scores: Run(seed))).ToArray();
        Assert.All(runs.Where(r => r.seed == 3), r => Assert.Equal(alone, r.scores));
        Assert.All(runs.Where(r => r.seed == 5), r => Assert.NotEqual(alone, r.scores));
    }

    [Fact]
    public void SaveLoad_RoundTrip_IdenticalPredictions()
    {
        var ml = new MLContext(1);
        var (train, test) = TestData.BreastCancer(ml);
        var model = ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [8], BatchNorm = true }, Fast with { Epochs = 3 }).Fit(train);
        using var ms = new MemoryStream();
        model.Save(ms);
        ms.Position = 0;
        using var loaded = DeepModelTransformer.Load(ml, ms);
        Assert.Equal(PredictionReader.Floats(model.Transform(test), "Probability"), PredictionReader.Floats(loaded.Transform(test), "Probability"));
        Assert.Equal(((MlpSpec)model.Settings.Network).HiddenLayers, ((MlpSpec)loaded.Settings.Network).HiddenLayers);
        Assert.Equal(model.Settings.Training, loaded.Settings.Training);
    }

    [Fact]
    public void Training_MemoryStaysFlatAcrossEpochs()
    {
        var ml = new MLContext(1);
        var (train, _) = TestData.BreastCancer(ml);
        var live = new List<long>();
        var hooks = new DeepTrainingHooks { Progress = new SyncProgress<EpochReport>(_ => live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount)) };
        ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [16], BatchNorm = true }, Fast with { Epochs = 8, ValidationFraction = 0.2, RestoreBestWeights = true }, hooks: hooks).Fit(train);
        Assert.Equal(8, live.Count);
        // Tensors created per batch are freed by the dispose scope; only the best-weights snapshot may change hands.
        Assert.True(live.Skip(2).Max() - live.Skip(2).Min() <= 0, $"live tensors per epoch: {string.Join(",", live)}");
    }

    [Fact]
    public void Cancellation_StopsTraining()
    {
        var ml = new MLContext(1);
        var (train, _) = TestData.Iris(ml);
        using var cts = new CancellationTokenSource();
        var hooks = new DeepTrainingHooks { CancellationToken = cts.Token, Progress = new SyncProgress<EpochReport>(r => { if (r.Epoch == 2) cts.Cancel(); }) };
        Assert.ThrowsAny<OperationCanceledException>(() => ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, null, Fast, hooks: hooks).Fit(train));
    }

    [Fact]
    public void PruningHookAndEarlyStopping_StopByEpoch()
    {
        var ml = new MLContext(1);
        var (train, _) = TestData.Iris(ml);
        var seen = new List<(int, double)>();
        var hooks = new DeepTrainingHooks { ShouldStop = (epoch, value) => { seen.Add((epoch, value)); return epoch == 3; } };
        var pruned = ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, null, Fast with { ValidationFraction = 0.2 }, hooks: hooks).Fit(train);
        Assert.Equal(3, pruned.History.Count);
        Assert.Equal([1, 2, 3], seen.Select(s => s.Item1));
        Assert.All(seen, s => Assert.Equal(pruned.History[s.Item1 - 1].ValidationLoss, s.Item2));

        // An enormous min delta means no epoch after the first counts as an improvement.
        var early = ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, null,
            Fast with { ValidationFraction = 0.2, EarlyStoppingPatience = 2, EarlyStoppingMinDelta = 100 }).Fit(train);
        Assert.Equal(3, early.History.Count);
    }

    [Fact]
    public void CategoricalEmbeddings_Penguins_BeatBaseline()
    {
        var ml = new MLContext(1);
        string path = TestData.Shipped("penguins/train.csv");
        var cols = new[]
        {
            new Microsoft.ML.Data.TextLoader.Column("species", Microsoft.ML.Data.DataKind.String, 0),
            new Microsoft.ML.Data.TextLoader.Column("island", Microsoft.ML.Data.DataKind.String, 1),
            new Microsoft.ML.Data.TextLoader.Column("num", Microsoft.ML.Data.DataKind.Single, 2, 5),
            new Microsoft.ML.Data.TextLoader.Column("sex", Microsoft.ML.Data.DataKind.String, 6),
        };
        var train = ml.Data.LoadFromTextFile(path, cols, separatorChar: ',', hasHeader: true);
        var test = ml.Data.LoadFromTextFile(TestData.Shipped("penguins/test.csv"), cols, separatorChar: ',', hasHeader: true);
        var prep = ml.Transforms.Conversion.MapValueToKey("Label", "species", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Conversion.MapValueToKey("island"))
            .Append(ml.Transforms.Conversion.MapValueToKey("sex"))
            .Append(ml.Transforms.ReplaceMissingValues("Features", "num"))
            .Fit(train);
        var model = ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [16], EmbeddingSize = 3 }, Fast with { Epochs = 20 },
            categoricalColumns: ["island", "sex"]).Fit(prep.Transform(train));
        double acc = PredictionReader.MulticlassAccuracy(model.Transform(prep.Transform(test)));
        Assert.True(acc >= 0.9, $"accuracy {acc}"); // majority class (Adelie) is ~0.44
    }

    [Fact]
    public void BadInput_ClearErrors()
    {
        var ml = new MLContext(1);
        var (train, _) = TestData.Iris(ml);
        var wrongTask = Assert.Throws<ArgumentException>(() => ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, null, Fast).Fit(train));
        Assert.Contains("Label", wrongTask.Message);
        var missing = Assert.Throws<ArgumentException>(() => ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, null, Fast, featureColumn: "Nope").Fit(train));
        Assert.Contains("'Nope'", missing.Message);
        var text = Assert.Throws<ArgumentException>(() => ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, null, Fast, featureColumn: "species").Fit(train));
        Assert.Contains("tokenize", text.Message);
        var cuda = Assert.Throws<InvalidOperationException>(() => ml.DeepRoad().Deep.Mlp(MLTask.MulticlassClassification, null, Fast with { Device = DeviceSpec.Parse("cuda") }).Fit(train));
        Assert.Contains("CUDA", cuda.Message);
    }
}
