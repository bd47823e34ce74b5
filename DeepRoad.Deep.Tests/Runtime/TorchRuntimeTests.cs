using DeepRoad.Deep.Runtime;
using TorchSharp;

namespace DeepRoad.Deep.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void EnsureLoaded_TinyTensorOp_ComputesMatrixProduct()
    {
        TorchRuntime.EnsureLoaded();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        using var v = torch.tensor(new float[] { 1, 1 }, new long[] { 2, 1 });
        using var p = a.matmul(v);
        Assert.Equal(new float[] { 3, 7 }, p.data<float>().ToArray());
        Assert.NotEqual("not loaded", TorchRuntime.LoadReport);
    }

    [Fact]
    public void SetThreads_Explicit_IsApplied()
    {
        TorchRuntime.SetThreads(1);
        Assert.Equal(1, torch.get_num_threads());
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.SetThreads(0));
    }

    [Fact]
    public void MarkVersionWeak_ShippedWrapper_OnlyThatRequirementBecomesWeak()
    {
        string? wrapper = TorchRuntime.NativeSearchDirectories()
            .Select(d => Path.Combine(d, "libLibTorchSharp.so")).FirstOrDefault(File.Exists);
        Assert.NotNull(wrapper);
        byte[] original = File.ReadAllBytes(wrapper);
        var before = ElfVersionPatcher.ReadVersionNeeds(original);
        Assert.Contains(before, n => n.Version == "GLIBCXX_3.4.32" && (n.Flags & 2) == 0);

        byte[] copy = (byte[])original.Clone();
        int changed = ElfVersionPatcher.MarkVersionWeak(copy, "GLIBCXX_3.4.32");
        var after = ElfVersionPatcher.ReadVersionNeeds(copy);

        Assert.Equal(1, changed);
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Version, after[i].Version);
            ushort expected = before[i].Version == "GLIBCXX_3.4.32" ? (ushort)(before[i].Flags | 2) : before[i].Flags;
            Assert.Equal(expected, after[i].Flags);
        }
        Assert.Equal(original.Length, copy.Length);
        Assert.Equal(2, original.Zip(copy).Count(p => p.First != p.Second) + 1); // exactly one byte differs
        Assert.Equal(original, File.ReadAllBytes(wrapper)); // the package copy is untouched
    }

    [Fact]
    public void MarkVersionWeak_NotElf_Throws()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkVersionWeak(new byte[100], "GLIBCXX_3.4.32"));
    }
}
