using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>The TorchSharp module built by <see cref="MlpSpec"/>.</summary>
internal sealed class MlpModule : nn.Module<Tensor, Tensor>
{
    private readonly int _numeric;
    private readonly ModuleList<Embedding> embeddings;
    private readonly Sequential body;

    public MlpModule(int numeric, int[] cardinalities, int[] embeddingSizes, MlpSpec spec, int outputs) : base("Mlp")
    {
        _numeric = numeric;
        embeddings = new ModuleList<Embedding>();
        for (int i = 0; i < cardinalities.Length; i++)
            embeddings.Add(nn.Embedding(cardinalities[i] + 1, embeddingSizes[i])); // code 0 = missing / unseen
        long width = numeric + embeddingSizes.Sum();
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int n = 0;
        foreach (int h in spec.HiddenLayers)
        {
            layers.Add(($"linear{n}", nn.Linear(width, h)));
            if (spec.BatchNorm) layers.Add(($"bn{n}", HeldScalarBatchNorm.OneD(h)));
            layers.Add(($"act{n}", NetworkSpec.MakeActivation(spec.Activation)));
            if (spec.Dropout > 0) layers.Add(($"drop{n}", new SeededDropout(spec.Dropout)));
            width = h;
            n++;
        }
        layers.Add(("head", nn.Linear(width, outputs)));
        body = nn.Sequential(layers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (embeddings.Count == 0) return body.forward(x);
        var parts = new List<Tensor> { x.narrow(1, 0, _numeric) };
        for (int i = 0; i < embeddings.Count; i++)
        {
            var codes = x.select(1, _numeric + i).to_type(ScalarType.Int64);
            parts.Add(embeddings[i].forward(codes));
        }
        return body.forward(torch.cat(parts, 1));
    }
}
