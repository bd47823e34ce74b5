using DeepRoad.Deep.Runtime;

namespace DeepRoad.Deep.Tests.Runtime;

public sealed class DeviceSpecTests
{
    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0)]
    [InlineData("CPU", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData("cuda:3", DeviceKind.Cuda, 3)]
    public void Parse_KnownForms_GivesSpec(string text, DeviceKind kind, int index)
    {
        var spec = DeviceSpec.Parse(text);
        Assert.Equal(kind, spec.Kind);
        Assert.Equal(index, spec.Index);
    }

    [Theory]
    [InlineData("tpu")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    public void Parse_Unknown_ThrowsNamingValue(string text)
    {
        var ex = Assert.Throws<ArgumentException>(() => DeviceSpec.Parse(text));
        Assert.Contains(text, ex.Message);
    }

    [Fact]
    public void Resolve_SelectionLogic()
    {
        Assert.Equal("cpu", DeviceSpec.Auto.Resolve(cudaAvailable: false, cudaDeviceCount: 0));
        Assert.Equal("cuda:0", DeviceSpec.Auto.Resolve(cudaAvailable: true, cudaDeviceCount: 2));
        Assert.Equal("cpu", DeviceSpec.Cpu.Resolve(cudaAvailable: true, cudaDeviceCount: 2));
        Assert.Equal("cuda:1", DeviceSpec.Parse("cuda:1").Resolve(cudaAvailable: true, cudaDeviceCount: 2));
        Assert.Throws<InvalidOperationException>(() => DeviceSpec.Parse("cuda:2").Resolve(cudaAvailable: true, cudaDeviceCount: 2));
        var ex = Assert.Throws<InvalidOperationException>(() => DeviceSpec.Parse("cuda").Resolve(cudaAvailable: false, cudaDeviceCount: 0));
        Assert.Contains("CUDA is not available", ex.Message);
    }

    [Fact]
    public void ToTorchDevice_CudaOnThisCpuMachine_ClearError()
    {
        TorchRuntime.EnsureLoaded(); // always before the first torch call
        if (TorchSharp.torch.cuda.is_available()) return; // a GPU machine: nothing to check here
        var ex = Assert.Throws<InvalidOperationException>(() => DeviceSpec.Parse("cuda").ToTorchDevice());
        Assert.Contains("cuda:0", ex.Message);
        Assert.Equal(TorchSharp.DeviceType.CPU, DeviceSpec.Auto.ToTorchDevice().type);
    }
}
