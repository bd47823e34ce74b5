using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>The TorchSharp module built by <see cref="RecurrentSpec"/>.</summary>
internal sealed class RecurrentModule : nn.Module<Tensor, Tensor>
{
    private readonly RecurrentSpec _spec;
    private readonly Embedding embedding;
    private readonly LSTM? lstm;
    private readonly GRU? gru;
    private readonly SeededDropout dropout;
    private readonly Linear head;

    public RecurrentModule(RecurrentSpec spec, int outputs) : base("Recurrent")
    {
        _spec = spec;
        embedding = nn.Embedding(spec.VocabularySize, spec.EmbeddingSize, padding_idx: 0);
        double inner = spec.Layers > 1 ? spec.Dropout : 0;
        if (spec.Cell == RecurrentCell.Lstm)
            lstm = nn.LSTM(spec.EmbeddingSize, spec.HiddenSize, spec.Layers, batchFirst: true, dropout: inner, bidirectional: spec.Bidirectional);
        else
            gru = nn.GRU(spec.EmbeddingSize, spec.HiddenSize, spec.Layers, batchFirst: true, dropout: inner, bidirectional: spec.Bidirectional);
        dropout = new SeededDropout(spec.Dropout);
        head = nn.Linear(spec.HiddenSize * (spec.Bidirectional ? 2 : 1), outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        // Scalars are held by variables, never temporaries: a collected temporary frees its native value while libtorch
        // still reads it (see Training/TensorOptimizer).
        using var minId = 0L.ToScalar();
        using var maxId = ((long)_spec.VocabularySize - 1).ToScalar();
        using var one = 1L.ToScalar();
        using var masked = (-1e9f).ToScalar();
        var ids = x.to_type(ScalarType.Int64).clamp(minId, maxId);
        var mask = ids.ne(0);                                     // [B, T]
        var emb = dropout.forward(embedding.forward(ids));         // [B, T, E]
        Tensor outSeq = lstm is not null ? lstm.forward(emb, null).Item1 : gru!.forward(emb, null).Item1; // [B, T, H*d]
        var maskF = mask.unsqueeze(-1).to_type(outSeq.dtype);
        var lengths = mask.sum(1).clamp_min(one);                    // [B]
        Tensor pooled = _spec.Pooling switch
        {
            SequencePooling.Mean => (outSeq * maskF).sum(1) / lengths.unsqueeze(-1).to_type(outSeq.dtype),
            SequencePooling.Max => outSeq.masked_fill(mask.logical_not().unsqueeze(-1), masked).max(1).values,
            SequencePooling.Last => LastReal(outSeq, mask),
            _ => throw new InvalidOperationException(),
        };
        return head.forward(dropout.forward(pooled));
    }

    // Output at the last non-padding position (padding may be on either side).
    private static Tensor LastReal(Tensor outSeq, Tensor mask)
    {
        using var start = 0L.ToScalar();
        using var stop = mask.shape[1].ToScalar();
        using var step = 1L.ToScalar();
        using var none = (-1L).ToScalar();
        var positions = torch.arange(start, stop, step, device: mask.device).unsqueeze(0).expand_as(mask);
        var last = positions.masked_fill(mask.logical_not(), none).max(1).values.clamp_min(start); // [B]
        var index = last.view(-1, 1, 1).expand(-1, 1, outSeq.shape[2]);
        return outSeq.gather(1, index).squeeze(1);
    }
}
