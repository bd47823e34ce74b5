using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DeepRoad.Deep.Transfer;

/// <summary>
/// Pretrained ResNet18 image features (512 values per image) from Microsoft.ML.DnnImageFeaturizer.ResNet18, which
/// ships the ONNX weights: its build props copy <c>DnnImageModels/</c> (ResNet18.onnx and the preprocessing model)
/// next to the application, where ML.NET's <c>ResNet18</c> selector looks for them. Runs through ONNX Runtime on CPU.
/// </summary>
public static class ResNet18Features
{
    /// <summary>Side length of the images ResNet18 expects.</summary>
    public const int ImageSize = 224;

    /// <summary>Width of the feature vector.</summary>
    public const int FeatureSize = 512;

    /// <summary>The folder holding the ONNX models (next to the application).</summary>
    public static string ModelDirectory => Path.Combine(AppContext.BaseDirectory, "DnnImageModels");

    /// <summary>
    /// The chain from an image dataset's rows (<c>ImagePath</c>, text <c>Label</c>) to <c>Label</c> (key by value) and
    /// <paramref name="outputColumn"/> (512 ResNet18 features): LoadImages, ResizeImages(224), ExtractPixels (RGB, 0..255),
    /// DnnFeaturizeImage.
    /// </summary>
    public static IEstimator<ITransformer> CreatePipeline(MLContext context, string outputColumn = "Features", string imagePathColumn = "ImagePath", bool mapLabel = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(Path.Combine(ModelDirectory, "ResNet18Onnx", "ResNet18.onnx")))
            throw new InvalidOperationException(
                $"ResNet18 weights not found in '{ModelDirectory}'. Reference the Microsoft.ML.DnnImageFeaturizer.ResNet18 package from the application " +
                "project (its build props copy DnnImageModels/ to the output folder).");
        var ml = context;
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        if (mapLabel)
            chain = chain.Append(ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue));
        // The image steps run behind ImageGate, which reads the pixels with every SkiaSharp object disposed (ML.NET's own
        // steps leave some to the garbage collector, which can crash the process; see ImageGate).
        return chain
            .Append(ImageGate.Serialize(ml.Transforms.LoadImages("ResNetImage", imageFolder: null, inputColumnName: imagePathColumn)
                .Append(ml.Transforms.ResizeImages("ResNetImage", ImageSize, ImageSize, "ResNetImage"))
                .Append(ml.Transforms.ExtractPixels("ResNetPixels", "ResNetImage"))))
            .Append(ml.Transforms.DnnFeaturizeImage(outputColumn, m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "ResNetPixels"))
            .Append(ml.Transforms.DropColumns("ResNetImage", "ResNetPixels"));
    }
}
