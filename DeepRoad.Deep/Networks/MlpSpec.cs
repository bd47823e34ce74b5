using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// Multi-layer perceptron for tabular data: [Linear, BatchNorm?, activation, Dropout?] per hidden layer, then a
/// linear head. Categorical key columns (see <see cref="Estimators.DeepEstimatorSettings.CategoricalColumns"/>) get
/// learned embeddings concatenated to the numeric features.
/// </summary>
public sealed record MlpSpec : NetworkSpec
{
    /// <summary>Widths of the hidden layers.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [128, 64];

    /// <summary>Hidden activation.</summary>
    public Activation Activation { get; init; } = Activation.ReLU;

    /// <summary>Batch normalisation after each hidden linear layer.</summary>
    public bool BatchNorm { get; init; }

    /// <summary>Dropout probability after each hidden activation.</summary>
    public double Dropout { get; init; }

    /// <summary>Embedding width per categorical column; 0 = min(16, (cardinality + 1) / 2).</summary>
    public int EmbeddingSize { get; init; }

    /// <summary>Standardise numeric features on the training rows (stored with the model).</summary>
    public bool Standardize { get; init; } = true;

    /// <inheritdoc />
    public override bool StandardizesInputs => Standardize;

    /// <inheritdoc />
    public override void Validate()
    {
        if (HiddenLayers is null || HiddenLayers.Any(h => h < 1))
            throw new ArgumentException("MLP option HiddenLayers must list positive widths.", nameof(HiddenLayers));
        if (Dropout is < 0 or >= 1) throw new ArgumentException("MLP option Dropout must be in [0, 1).", nameof(Dropout));
        if (EmbeddingSize < 0) throw new ArgumentException("MLP option EmbeddingSize must be non-negative.", nameof(EmbeddingSize));
    }

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Build(int inputSize, int outputs, IReadOnlyList<int> categoricalCardinalities)
    {
        Validate();
        var embeddingSizes = categoricalCardinalities.Select(c => EmbeddingSize > 0 ? EmbeddingSize : Math.Clamp((c + 1) / 2, 1, 16)).ToArray();
        return new MlpModule(inputSize - categoricalCardinalities.Count, categoricalCardinalities.ToArray(), embeddingSizes, this, outputs);
    }
}
