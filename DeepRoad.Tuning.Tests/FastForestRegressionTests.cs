using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace DeepRoad.Tuning.Tests;

/// <summary>
/// The tuned FastForest regression keeps no per-leaf label samples: ML.NET's default keeps 100 labels and weights per
/// leaf for quantile predictions, which made one five-fold trial of a few hundred trees hold hundreds of megabytes.
/// </summary>
public sealed class FastForestRegressionTests
{
    private static long SavedBytes(MLContext ml, ITransformer model, IDataView data)
    {
        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        return buffer.Length;
    }

    [Fact]
    public void TunedForest_KeepsNoQuantileSamples_AndStillFits()
    {
        var (ml, data) = SearchCVTests.Features("diabetes", "progression");
        var space = TrainerSpaces.FastForest(MLTask.Regression);
        var p = new ParameterSet(new Dictionary<string, object>(space.Defaults)
        {
            ["NumberOfTrees"] = 60, ["NumberOfLeaves"] = 32, ["MinimumExampleCountPerLeaf"] = 2,
        });
        var tuned = space.Create(ml, p).Fit(data);
        // The same forest as ML.NET builds it by default (100 quantile samples per leaf).
        var plain = ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
        {
            NumberOfTrees = 60, NumberOfLeaves = 32, MinimumExampleCountPerLeaf = 2, FeatureFraction = p.GetDouble("FeatureFraction"), NumberOfThreads = 1,
        }).Fit(data);

        long tunedBytes = SavedBytes(ml, tuned, data), plainBytes = SavedBytes(ml, plain, data);
        Assert.True(tunedBytes * 2 < plainBytes, $"tuned forest {tunedBytes} bytes saved, ML.NET's default {plainBytes}");
        // Point predictions do not use the samples: the tuned forest explains the training rows as well as the default.
        double R2(ITransformer m) => ml.Regression.Evaluate(m.Transform(data)).RSquared;
        Assert.InRange(R2(tuned), R2(plain) - 0.05, 1.0);
        Assert.True(R2(tuned) > 0.5, $"R2 {R2(tuned)}");
    }
}
