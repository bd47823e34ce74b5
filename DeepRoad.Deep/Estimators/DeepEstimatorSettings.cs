using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;

namespace DeepRoad.Deep.Estimators;

/// <summary>
/// Everything a <see cref="DeepEstimator"/> needs to know: task, columns, architecture and training options.
/// Saved with the model.
/// </summary>
public sealed record DeepEstimatorSettings
{
    /// <summary>Binary, multiclass or regression; decides the label type, loss and output columns.</summary>
    public required MLTask Task { get; init; }

    /// <summary>The architecture.</summary>
    public required NetworkSpec Network { get; init; }

    /// <summary>Training options.</summary>
    public DeepTrainingOptions Training { get; init; } = new();

    /// <summary>Label column (Boolean for binary, key for multiclass, Single for regression).</summary>
    public string LabelColumn { get; init; } = "Label";

    /// <summary>Input column: a known-size vector of Single (features, pixels) or Int32 (token ids), or a Single scalar.</summary>
    public string FeatureColumn { get; init; } = "Features";

    /// <summary>Key-typed scalar columns that get embeddings (MLP only).</summary>
    public IReadOnlyList<string> CategoricalColumns { get; init; } = [];

    /// <summary>Seeded augmentation of image rows during training (CNN only; null = none).</summary>
    public ImageAugmentationOptions? Augmentation { get; init; }
}
