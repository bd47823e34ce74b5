using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Estimators;

/// <summary>Factory for DeepRoad's deep estimators: <c>mlContext.DeepRoad().Deep</c>.</summary>
public sealed class DeepCatalog
{
    internal DeepCatalog(MLContext context) => Context = context;

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }

    /// <summary>Any architecture, full settings.</summary>
    public DeepEstimator Create(DeepEstimatorSettings settings, DeepTrainingHooks? hooks = null, IDataView? validationData = null) =>
        new(Context, settings, hooks, validationData);

    /// <summary>MLP on the <c>Features</c> vector (plus optional categorical key columns with embeddings).</summary>
    public DeepEstimator Mlp(MLTask task, MlpSpec? network = null, DeepTrainingOptions? training = null,
        IReadOnlyList<string>? categoricalColumns = null, string labelColumn = "Label", string featureColumn = "Features",
        DeepTrainingHooks? hooks = null) =>
        new(Context, new DeepEstimatorSettings
        {
            Task = task, Network = network ?? new MlpSpec(), Training = training ?? new DeepTrainingOptions(),
            CategoricalColumns = categoricalColumns ?? [], LabelColumn = labelColumn, FeatureColumn = featureColumn,
        }, hooks);

    /// <summary>CNN on planar pixel rows from DeepRoad.Pipelines.Images, with optional seeded augmentation.</summary>
    public DeepEstimator Cnn(MLTask task, CnnSpec network, DeepTrainingOptions? training = null, ImageAugmentationOptions? augmentation = null,
        string labelColumn = "Label", string featureColumn = "Features", DeepTrainingHooks? hooks = null) =>
        new(Context, new DeepEstimatorSettings
        {
            Task = task, Network = network, Training = training ?? new DeepTrainingOptions(), Augmentation = augmentation,
            LabelColumn = labelColumn, FeatureColumn = featureColumn,
        }, hooks);

    /// <summary>
    /// Transfer learning: pretrained ResNet18 features (<see cref="Transfer.ResNet18Features"/>) of the images named in
    /// <paramref name="imagePathColumn"/>, then an MLP head trained on them. The input needs the image paths and a
    /// prepared <c>Label</c>.
    /// </summary>
    public EstimatorChain<DeepModelTransformer> ResNet18Head(MLTask task, MlpSpec? head = null, DeepTrainingOptions? training = null,
        string imagePathColumn = "ImagePath", string labelColumn = "Label", DeepTrainingHooks? hooks = null) =>
        Transfer.ResNet18Features.CreatePipeline(Context, "ResNet18Features", imagePathColumn, mapLabel: false)
            .Append(Mlp(task, head ?? new MlpSpec { HiddenLayers = [128], Dropout = 0.2 }, training, labelColumn: labelColumn, featureColumn: "ResNet18Features", hooks: hooks));

    /// <summary>LSTM or GRU on token ids from DeepRoad.Pipelines.Text's tokenizer.</summary>
    public DeepEstimator Recurrent(MLTask task, RecurrentSpec? network = null, DeepTrainingOptions? training = null,
        string labelColumn = "Label", string tokenColumn = "Tokens", DeepTrainingHooks? hooks = null) =>
        new(Context, new DeepEstimatorSettings
        {
            Task = task, Network = network ?? new RecurrentSpec(), Training = training ?? new DeepTrainingOptions(),
            LabelColumn = labelColumn, FeatureColumn = tokenColumn,
        }, hooks);
}
