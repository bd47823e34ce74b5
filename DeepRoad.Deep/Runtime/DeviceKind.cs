namespace DeepRoad.Deep.Runtime;

/// <summary>Where a deep model trains and predicts.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when <c>torch.cuda.is_available()</c>, otherwise CPU.</summary>
    Auto,

    /// <summary>Always the CPU.</summary>
    Cpu,

    /// <summary>A CUDA device (index in <see cref="DeviceSpec.Index"/>); an error when CUDA is not available.</summary>
    Cuda,
}
