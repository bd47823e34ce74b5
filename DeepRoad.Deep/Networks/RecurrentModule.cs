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
    private readonly Dropout dropout;
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
        dropout = nn.Dropout(spec.Dropout);
        head = nn.Linear(spec.HiddenSize * (spec.Bidirectional ? 2 : 1), outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var ids = x.to_type(ScalarType.Int64).clamp(0, _spec.VocabularySize - 1);
        var mask = ids.ne(0);                                     // [B, T]
        var emb = dropout.forward(embedding.forward(ids));         // [B, T, E]
        Tensor outSeq = lstm is not null ? lstm.forward(emb, null).Item1 : gru!.forward(emb, null).Item1; // [B, T, H*d]
        var maskF = mask.unsqueeze(-1).to_type(outSeq.dtype);
        var lengths = mask.sum(1).clamp_min(1);                    // [B]
        Tensor pooled = _spec.Pooling switch
        {
            SequencePooling.Mean => (outSeq * maskF).sum(1) / lengths.unsqueeze(-1).to_type(outSeq.dtype),
            SequencePooling.Max => outSeq.masked_fill(mask.logical_not().unsqueeze(-1), -1e9f).max(1).values,
            SequencePooling.Last => LastReal(outSeq, mask),
            _ => throw new InvalidOperationException(),
        };
        return head.forward(dropout.forward(pooled));
    }

    // Output at the last non-padding position (padding may be on either side).
    private static Tensor LastReal(Tensor outSeq, Tensor mask)
    {
        long t = mask.shape[1];
        var positions = torch.arange(t, device: mask.device).unsqueeze(0).expand_as(mask);
        var last = positions.masked_fill(mask.logical_not(), -1).max(1).values.clamp_min(0); // [B]
        var index = last.view(-1, 1, 1).expand(-1, 1, outSeq.shape[2]);
        return outSeq.gather(1, index).squeeze(1);
    }
}
