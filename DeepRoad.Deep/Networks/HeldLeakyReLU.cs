using TorchSharp;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// <c>nn.LeakyReLU</c> whose negative slope is a <see cref="Scalar"/> the module holds for its lifetime.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's <c>LeakyReLU.forward</c> converts the slope to a temporary <see cref="Scalar"/> on every call; a
/// collection on another thread can finalize it while libtorch reads it (see <see cref="HeldScalarBatchNorm"/>).
/// No parameters or buffers, so saved models are unchanged.
/// </remarks>
internal sealed class HeldLeakyReLU : nn.Module<Tensor, Tensor>
{
    private readonly Scalar _slope;

    public HeldLeakyReLU(double negativeSlope) : base("LeakyReLU") => _slope = negativeSlope.ToScalar();

    public override Tensor forward(Tensor input) => input.leaky_relu(_slope);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _slope.Dispose();
        base.Dispose(disposing);
    }
}
