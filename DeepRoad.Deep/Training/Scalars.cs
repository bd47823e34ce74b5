using TorchSharp;

namespace DeepRoad.Deep.Training;

/// <summary>
/// TorchSharp scalars that live for the whole process, for the constants the networks and the training loop use.
/// </summary>
/// <remarks>
/// TorchSharp turns a number into a <see cref="Scalar"/> implicitly, and some overloads add one of their own
/// (<c>a + b</c> and <c>a.add_(s)</c> pass an alpha of 1). Such a temporary is unreachable once its handle has been read, so
/// a collection on another thread can finalize it, freeing the native value, while libtorch still reads it ("Unknown
/// scalar type", or freed memory read). Static fields keep these alive for good; values that change are held in
/// <c>using</c> variables instead. See <see cref="TensorOptimizer"/>.
/// </remarks>
internal static class Scalars
{
    public static readonly Scalar Zero = 0.ToScalar();
    public static readonly Scalar One = 1.ToScalar();
    public static readonly Scalar MinusOne = (-1).ToScalar();
    public static readonly Scalar Two = 2.ToScalar();
}
