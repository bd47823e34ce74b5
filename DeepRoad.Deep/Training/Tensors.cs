using static TorchSharp.torch;

namespace DeepRoad.Deep.Training;

/// <summary>Creates tensors from managed arrays in torch-allocated memory.</summary>
internal static class Tensors
{
    /// <summary>
    /// A [rows, width] tensor holding a copy of <paramref name="data"/> on <paramref name="device"/>. The copy lands in
    /// torch's own (aligned) allocation: tensors that wrap pinned managed arrays have varying alignment, which makes
    /// CPU matrix kernels round differently from call to call and breaks bit-for-bit reproducibility.
    /// </summary>
    public static Tensor FromRows(float[] data, long rows, long width, Device device)
    {
        using var wrapped = tensor(data, new[] { rows, width });
        return wrapped.to(device, copy: true);
    }

    /// <summary>A 1-D tensor copy of <paramref name="data"/> (see <see cref="FromRows"/>).</summary>
    public static Tensor FromVector(float[] data, Device device)
    {
        using var wrapped = tensor(data);
        return wrapped.to(device, copy: true);
    }
}
