using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Transfer;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Transforms;

namespace DeepRoad.Deep.Tests.Estimators;

public sealed class ResNet18HeadTests
{
    [Fact]
    public void Digits_ResNet18FeaturesWithMlpHead_BeatBaseline()
    {
        Assert.True(File.Exists(Path.Combine(ResNet18Features.ModelDirectory, "ResNet18Onnx", "ResNet18.onnx")));
        var ml = new MLContext(1);
        var label = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        var trainSet = ImageDataset.FromCsv(ml, TestData.Shipped("digits_images/train.csv"));
        var testSet = ImageDataset.FromCsv(ml, TestData.Shipped("digits_images/test.csv"));
        var labels = label.Fit(trainSet.Data);
        var train = ml.Data.TakeRows(labels.Transform(trainSet.Data), 80);
        var test = ml.Data.TakeRows(labels.Transform(testSet.Data), 30);

        var o = MlpTests.Fast with { Epochs = 40, BatchSize = 16, LearningRate = 2e-3 };
        var model = ml.DeepRoad().Deep.ResNet18Head(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [64], Dropout = 0.2 }, o).Fit(train);
        var scored = model.Transform(test);
        Assert.Equal(ResNet18Features.FeatureSize, ((Microsoft.ML.Data.VectorDataViewType)scored.Schema["ResNet18Features"].Type).Size);
        double acc = PredictionReader.MulticlassAccuracy(scored);
        // Chance is 0.1 (a broken head or featurizer stays near it). ImageNet features of upscaled 8x8 digits with only
        // 80 examples (kept small: ONNX featurization dominates the test time) reach about 0.6.
        Assert.True(acc >= 0.4, $"accuracy {acc}");
    }
}
