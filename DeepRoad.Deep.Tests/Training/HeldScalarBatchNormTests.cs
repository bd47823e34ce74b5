using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Tests.Training;

/// <summary>DeepRoad's batch norm (held scalars for the batch counter) behaves as TorchSharp's nn.BatchNorm1d/2d.</summary>
public sealed class HeldScalarBatchNormTests
{
    public static TheoryData<int, long[]> Shapes => new()
    {
        { 1, [16, 5] },
        { 1, [16, 5, 7] },
        { 2, [8, 5, 6, 6] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TrainingAndEval_MatchTorchSharpsBatchNorm_StateNamesToo(int kind, long[] shape)
    {
        TorchRuntime.EnsureLoaded();
        using var ours = kind == 1 ? HeldScalarBatchNorm.OneD(5) : HeldScalarBatchNorm.TwoD(5);
        using nn.Module<Tensor, Tensor> theirs = kind == 1 ? nn.BatchNorm1d(5) : nn.BatchNorm2d(5);
        Assert.Equal(theirs.state_dict().Keys.Order(), ours.state_dict().Keys.Order());
        using (no_grad())
        {
            // Same affine parameters (not the defaults 1 and 0) in both.
            using var w = torch.linspace(0.5, 1.5, 5);
            using var b = torch.linspace(-0.2, 0.2, 5);
            foreach (var m in new[] { (TorchSharp.Modules.BatchNorm)ours, (TorchSharp.Modules.BatchNorm)theirs })
            {
                m.weight.copy_(w);
                m.bias!.copy_(b);
            }
        }
        var generator = new Generator(11);
        for (int step = 0; step < 4; step++)
        {
            using var x = torch.randn(shape, generator: generator) * 3 + 1;
            using var a = ours.forward(x);
            using var e = theirs.forward(x);
            Assert.True(a.allclose(e, rtol: 1e-6, atol: 1e-6), $"training step {step}");
        }
        var mine = ours.state_dict();
        var reference = theirs.state_dict();
        foreach (var key in reference.Keys)
            Assert.True(mine[key].to(ScalarType.Float64).allclose(reference[key].to(ScalarType.Float64)), key);
        Assert.Equal(4L, mine["num_batches_tracked"].item<long>());

        ours.eval();
        theirs.eval();
        using var test = torch.randn(shape, generator: generator);
        using var ea = ours.forward(test);
        using var ee = theirs.forward(test);
        Assert.True(ea.allclose(ee, rtol: 1e-6, atol: 1e-6));

        Assert.Throws<ArgumentException>(() => ours.forward(torch.zeros(kind == 1 ? [2, 5, 3, 3] : [2, 5])));
    }
}

/// <summary>DeepRoad's leaky ReLU (a held slope) gives TorchSharp's nn.LeakyReLU's outputs.</summary>
public sealed class HeldLeakyReLUTests
{
    [Fact]
    public void Forward_MatchesTorchSharpsLeakyReLU()
    {
        TorchRuntime.EnsureLoaded();
        using var ours = new HeldLeakyReLU(0.2);
        using var theirs = nn.LeakyReLU(0.2);
        using var x = torch.linspace(-3, 3, 13);
        using var a = ours.forward(x);
        using var e = theirs.forward(x);
        Assert.True(a.allclose(e));
        Assert.Equal(-0.6f, a[0].item<float>(), 1e-6f);
        Assert.Empty(ours.state_dict());
    }
}
