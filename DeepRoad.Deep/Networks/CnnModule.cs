using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>The TorchSharp module built by <see cref="CnnSpec"/>.</summary>
internal sealed class CnnModule : nn.Module<Tensor, Tensor>
{
    private readonly long _c, _h, _w;
    private readonly Sequential features;
    private readonly Sequential head;

    public CnnModule(CnnSpec spec, int outputs) : base("Cnn")
    {
        (_c, _h, _w) = (spec.ImageChannels, spec.ImageHeight, spec.ImageWidth);
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        long inC = spec.ImageChannels, h = spec.ImageHeight, w = spec.ImageWidth;
        for (int i = 0; i < spec.Channels.Count; i++)
        {
            int c = spec.Channels[i];
            blocks.Add(($"conv{i}", nn.Conv2d(inC, c, spec.KernelSize, padding: spec.KernelSize / 2)));
            blocks.Add(($"bn{i}", HeldScalarBatchNorm.TwoD(c)));
            blocks.Add(($"relu{i}", nn.ReLU()));
            if (h >= 2 && w >= 2)
            {
                blocks.Add(($"pool{i}", nn.MaxPool2d(2)));
                h /= 2;
                w /= 2;
            }
            inC = c;
        }
        blocks.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        blocks.Add(("flatten", nn.Flatten()));
        features = nn.Sequential(blocks);
        var headLayers = new List<(string, nn.Module<Tensor, Tensor>)>();
        if (spec.Dropout > 0) headLayers.Add(("drop", new SeededDropout(spec.Dropout)));
        if (spec.HeadHidden > 0)
        {
            headLayers.Add(("hidden", nn.Linear(inC, spec.HeadHidden)));
            headLayers.Add(("relu", nn.ReLU()));
            inC = spec.HeadHidden;
        }
        headLayers.Add(("out", nn.Linear(inC, outputs)));
        head = nn.Sequential(headLayers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => head.forward(features.forward(x.view(-1, _c, _h, _w)));
}
