using DeepRoad.Deep.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// Inverted dropout (PyTorch's <c>nn.Dropout</c> semantics: zero each element with probability p while training, scale the
/// rest by 1/(1-p), identity in eval mode) whose masks come from the module's own generator rather than torch's
/// process-wide one.
/// </summary>
/// <remarks>
/// <c>nn.Dropout</c> draws from the global generator, so two networks that train at the same moment (parallel AutoML
/// trials, ensemble members) consume each other's random numbers and neither run can be repeated. The generator's seed
/// is drawn from the global generator when the module is built, which <c>DeepTrainer</c> does right after
/// <c>torch.manual_seed(seed)</c> under its lock: the masks follow the training seed alone. No parameters or buffers, so
/// saved models are unchanged.
/// </remarks>
internal sealed class SeededDropout : nn.Module<Tensor, Tensor>
{
    private readonly double _p;
    private readonly ulong _seed;
    private Generator? _generator;

    public SeededDropout(double p) : base("Dropout")
    {
        if (p is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout must be in [0, 1).");
        _p = p;
        using var draw = torch.randint(0, int.MaxValue, [1], dtype: ScalarType.Int64);
        _seed = (ulong)draw.item<long>();
    }

    public override Tensor forward(Tensor x)
    {
        if (!training || _p == 0) return x.alias();
        if (_generator is null || _generator.device != x.device)
        {
            _generator?.Dispose();
            _generator = new Generator(_seed, x.device);
        }
        using var p = _p.ToScalar();
        using var scale = (1 / (1 - _p)).ToScalar();
        var keep = torch.rand(x.shape, dtype: x.dtype, device: x.device, generator: _generator).ge_(p);
        return x.mul(keep).mul_(scale);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _generator?.Dispose();
        base.Dispose(disposing);
    }
}
