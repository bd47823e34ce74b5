using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;

namespace DeepRoad.Deep.Tests.Estimators;

public sealed class CnnTests
{
    internal static (IDataView Train, IDataView Test) Digits(MLContext ml, int size)
    {
        var train = ImageDataset.FromCsv(ml, TestData.Shipped("digits_images/train.csv"));
        var test = ImageDataset.FromCsv(ml, TestData.Shipped("digits_images/test.csv"));
        var pipeline = train.CreatePipeline(new ImageDatasetOptions { Grayscale = true, Width = size, Height = size }).Fit(train.Data);
        // Materialise the decoded pixels once: the CNN reads them every epoch anyway.
        return (ml.Data.Cache(pipeline.Transform(train.Data)), ml.Data.Cache(pipeline.Transform(test.Data)));
    }

    [Fact]
    public void Digits_CnnWithAugmentation_BeatsBaseline_AndSavesLoads()
    {
        var ml = new MLContext(1);
        var (train, test) = Digits(ml, 16);
        var spec = new CnnSpec { ImageChannels = 1, ImageHeight = 16, ImageWidth = 16, Channels = [16, 32, 64] };
        var o = MlpTests.Fast with { Epochs = 15, BatchSize = 32, LearningRate = 3e-3 };
        var model = ml.DeepRoad().Deep.Cnn(MLTask.MulticlassClassification, spec, o, new ImageAugmentationOptions { MaxRotationDegrees = 5, CropPadding = 1 }).Fit(train);
        var scored = model.Transform(test);
        double acc = PredictionReader.MulticlassAccuracy(scored);
        // 10 balanced classes: chance is 0.1. 400 training images are enough for a small CNN to pass 0.85.
        Assert.True(acc >= 0.85, $"accuracy {acc}");
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), model.ClassNames);

        using var ms = new MemoryStream();
        model.Save(ms);
        ms.Position = 0;
        using var loaded = DeepModelTransformer.Load(ml, ms);
        Assert.Equal(PredictionReader.Vectors(scored, "Score").SelectMany(v => v), PredictionReader.Vectors(loaded.Transform(test), "Score").SelectMany(v => v));
    }

    [Fact]
    public void WrongImageSize_ClearError()
    {
        var ml = new MLContext(1);
        var (train, _) = Digits(ml, 8);
        var spec = new CnnSpec { ImageChannels = 1, ImageHeight = 16, ImageWidth = 16 };
        var ex = Assert.Throws<ArgumentException>(() => ml.DeepRoad().Deep.Cnn(MLTask.MulticlassClassification, spec, MlpTests.Fast with { Epochs = 1 }).Fit(train));
        Assert.Contains("64 values", ex.Message);
        Assert.Contains("Resize", ex.Message);
    }
}
