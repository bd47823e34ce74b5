using System.Globalization;
using TorchSharp;

namespace DeepRoad.Deep.Runtime;

/// <summary>
/// A requested device: <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>. <see cref="Resolve(bool, int)"/> turns it
/// into the concrete device, given what the machine has.
/// </summary>
/// <param name="Kind">Auto, Cpu or Cuda.</param>
/// <param name="Index">CUDA device index (only for <see cref="DeviceKind.Cuda"/>).</param>
public sealed record DeviceSpec(DeviceKind Kind, int Index = 0)
{
    /// <summary>CUDA when available, else CPU.</summary>
    public static DeviceSpec Auto { get; } = new(DeviceKind.Auto);

    /// <summary>The CPU.</summary>
    public static DeviceSpec Cpu { get; } = new(DeviceKind.Cpu);

    /// <summary>Parses <c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> (case-insensitive).</summary>
    public static DeviceSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim().ToLowerInvariant();
        if (t == "auto") return Auto;
        if (t == "cpu") return Cpu;
        if (t == "cuda" || t == "gpu") return new DeviceSpec(DeviceKind.Cuda, 0);
        if (t.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int i))
            return new DeviceSpec(DeviceKind.Cuda, i);
        throw new ArgumentException($"Unknown device '{text}': use auto, cpu, cuda or cuda:N.", nameof(text));
    }

    /// <summary>
    /// The concrete device (<c>"cpu"</c> or <c>"cuda:N"</c>) given whether CUDA is available and how many devices
    /// exist. Pure logic, testable without a GPU.
    /// </summary>
    /// <exception cref="InvalidOperationException">CUDA was requested but is not available, or the index is out of range.</exception>
    public string Resolve(bool cudaAvailable, int cudaDeviceCount)
    {
        switch (Kind)
        {
            case DeviceKind.Cpu:
                return "cpu";
            case DeviceKind.Auto:
                return cudaAvailable && cudaDeviceCount > 0 ? "cuda:0" : "cpu";
            case DeviceKind.Cuda:
                if (!cudaAvailable || cudaDeviceCount == 0)
                    throw new InvalidOperationException(
                        $"Device '{this}' was requested but CUDA is not available on this machine (torch.cuda.is_available() is false). " +
                        "Use --device cpu or auto, or add the libtorch CUDA package (see DeepRoad.Deep README).");
                if (Index < 0 || Index >= cudaDeviceCount)
                    throw new InvalidOperationException($"Device '{this}' was requested but only {cudaDeviceCount} CUDA device(s) exist.");
                return $"cuda:{Index}";
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null);
        }
    }

    /// <summary>Resolves against this machine's torch and returns the torch device.</summary>
    public torch.Device ToTorchDevice()
    {
        TorchRuntime.EnsureLoaded();
        bool available = torch.cuda.is_available();
        return torch.device(Resolve(available, available ? torch.cuda.device_count() : 0));
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => $"cuda:{Index}",
    };
}
