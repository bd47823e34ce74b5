using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// LSTM or GRU text classifier/regressor: token embedding (id 0 = padding), (bi)directional recurrent layers,
/// masked pooling or last state, dropout and a linear head. Input rows are token ids from
/// DeepRoad.Pipelines.Text's tokenizer.
/// </summary>
public sealed record RecurrentSpec : NetworkSpec
{
    /// <summary>LSTM or GRU.</summary>
    public RecurrentCell Cell { get; init; } = RecurrentCell.Lstm;

    /// <summary>Vocabulary size including padding and OOV ids; 0 = taken from the training data (max id + 1).</summary>
    public int VocabularySize { get; init; }

    /// <summary>Token embedding width.</summary>
    public int EmbeddingSize { get; init; } = 64;

    /// <summary>Hidden units per direction.</summary>
    public int HiddenSize { get; init; } = 64;

    /// <summary>Stacked recurrent layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>Run the recurrent layers in both directions.</summary>
    public bool Bidirectional { get; init; } = true;

    /// <summary>How per-token outputs are pooled.</summary>
    public SequencePooling Pooling { get; init; } = SequencePooling.Mean;

    /// <summary>Dropout on embeddings and before the head.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <inheritdoc />
    public override void Validate()
    {
        if (VocabularySize < 0) throw new ArgumentException("RNN option VocabularySize must be non-negative.", nameof(VocabularySize));
        if (EmbeddingSize < 1 || HiddenSize < 1 || Layers < 1)
            throw new ArgumentException("RNN options EmbeddingSize, HiddenSize and Layers must be positive.", nameof(HiddenSize));
        if (Dropout is < 0 or >= 1) throw new ArgumentException("RNN option Dropout must be in [0, 1).", nameof(Dropout));
    }

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Build(int inputSize, int outputs, IReadOnlyList<int> categoricalCardinalities)
    {
        Validate();
        if (VocabularySize < 2) throw new ArgumentException("RNN option VocabularySize must be at least 2 (padding and OOV ids).", nameof(VocabularySize));
        return new RecurrentModule(this, outputs);
    }
}
