using DeepRoad.Deep.Runtime;
using DeepRoad.Deep.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Tests.Training;

public sealed class TensorOptimizerTests
{
    public static TheoryData<OptimizerKind, double, bool, double> Settings => new()
    {
        { OptimizerKind.Sgd, 0.0, false, 0.0 },
        { OptimizerKind.Sgd, 0.9, false, 0.01 },
        { OptimizerKind.Sgd, 0.9, true, 0.01 },
        { OptimizerKind.Adam, 0.0, false, 0.0 },
        { OptimizerKind.Adam, 0.0, false, 0.05 },
        { OptimizerKind.AdamW, 0.0, false, 0.05 },
        { OptimizerKind.RmsProp, 0.0, false, 0.01 },
        { OptimizerKind.RmsProp, 0.9, false, 0.0 },
        { OptimizerKind.Adagrad, 0.0, false, 0.01 },
        { OptimizerKind.Adadelta, 0.0, false, 0.01 },
    };

    /// <summary>Each kind follows torch.optim's update step for step (same model, same batches, same settings).</summary>
    [Theory]
    [MemberData(nameof(Settings))]
    public void Steps_MatchTorchOptim(OptimizerKind kind, double momentum, bool nesterov, double weightDecay)
    {
        TorchRuntime.EnsureLoaded();
        const double lr = 0.05;
        torch.manual_seed(7);
        var ours = nn.Sequential(("a", nn.Linear(5, 8)), ("act", nn.Tanh()), ("b", nn.Linear(8, 1)));
        torch.manual_seed(7);
        var theirs = nn.Sequential(("a", nn.Linear(5, 8)), ("act", nn.Tanh()), ("b", nn.Linear(8, 1)));
        using var mine = new TensorOptimizer(ours.parameters(), kind, lr, momentum, nesterov, 0.9, 0.999, weightDecay);
        using optim.Optimizer reference = kind switch
        {
            OptimizerKind.Sgd => optim.SGD(theirs.parameters(), lr, momentum: momentum, weight_decay: weightDecay, nesterov: nesterov),
            OptimizerKind.Adam => optim.Adam(theirs.parameters(), lr, weight_decay: weightDecay),
            OptimizerKind.AdamW => optim.AdamW(theirs.parameters(), lr, weight_decay: weightDecay),
            OptimizerKind.RmsProp => optim.RMSProp(theirs.parameters(), lr, momentum: momentum, weight_decay: weightDecay),
            OptimizerKind.Adagrad => optim.Adagrad(theirs.parameters(), lr, weight_decay: weightDecay),
            OptimizerKind.Adadelta => optim.Adadelta(theirs.parameters(), lr, weight_decay: weightDecay),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var start = ours.parameters().Select(p => p.detach().clone()).ToArray();
        torch.manual_seed(11);
        for (int step = 0; step < 6; step++)
        {
            using var scope = torch.NewDisposeScope();
            var x = torch.randn(16, 5);
            var y = torch.randn(16, 1);
            mine.ZeroGrad();
            nn.functional.mse_loss(ours.forward(x), y).backward();
            mine.Step();
            reference.zero_grad();
            nn.functional.mse_loss(theirs.forward(x), y).backward();
            reference.step();
        }
        var a = ours.parameters().ToArray();
        var b = theirs.parameters().ToArray();
        for (int i = 0; i < a.Length; i++)
        {
            Assert.True(a[i].allclose(b[i], rtol: 1e-5, atol: 1e-6), $"{kind}: parameter {i} differs from torch.optim's after 6 steps");
            Assert.False(a[i].allclose(start[i], rtol: 0, atol: 1e-7), $"{kind}: parameter {i} did not move");
        }
    }

    /// <summary>
    /// Steps while another thread collects garbage as fast as it can. With torch.optim's Adam the unreferenced scalar of
    /// its bias correction is finalized mid-call and the step fails with "Unknown scalar type" within about a second.
    /// </summary>
    [Fact]
    public void Step_SurvivesConcurrentGarbageCollection()
    {
        TorchRuntime.EnsureLoaded();
        torch.manual_seed(3);
        var model = nn.Sequential(("a", nn.Linear(4, 16)), ("act", nn.ReLU()), ("b", nn.Linear(16, 1)));
        using var opt = new TensorOptimizer(model.parameters(), OptimizerKind.AdamW, 0.01, weightDecay: 0.01);
        using var x = torch.randn(32, 4);
        using var y = torch.randn(32, 1);
        var stop = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            for (int step = 0; step < 1500; step++)
            {
                using var scope = torch.NewDisposeScope();
                opt.ZeroGrad();
                nn.functional.mse_loss(model.forward(x), y).backward();
                opt.Step();
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }
        using var final = nn.functional.mse_loss(model.forward(x), y);
        Assert.True(float.IsFinite(final.item<float>()));
    }
}
