using System.Runtime.InteropServices;
using DeepRoad.AutoML.Search;

namespace DeepRoad.AutoML.Tests;

/// <summary>Giving the C heap's free pages back to the OS between trials (<see cref="NativeHeap"/>).</summary>
public sealed class NativeHeapTests
{
    [DllImport("libc", EntryPoint = "malloc")] private static extern nint Malloc(nuint size);
    [DllImport("libc", EntryPoint = "free")] private static extern void Free(nint p);
    [DllImport("libc", EntryPoint = "memset")] private static extern nint Memset(nint p, int value, nuint size);

    [Fact]
    public void Trim_OnLinux_ReturnsWhatAFreedNativeAllocationKept()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.False(NativeHeap.Trim());
            return;
        }
        // Many blocks below glibc's mmap threshold (from the heap, as LightGbm's are), touched, then freed except every
        // 16th: the ones kept pin the heap around the freed runs, so free() cannot shrink it and only malloc_trim gives
        // those pages back, as after a fit whose threads left scattered live blocks behind.
        const int count = 4096, size = 64 * 1024;
        var blocks = new nint[count];
        for (int i = 0; i < count; i++)
        {
            blocks[i] = Malloc(size);
            Memset(blocks[i], 1, size);
        }
        for (int i = 0; i < count; i++) if (i % 16 != 15) Free(blocks[i]);
        long before = Resident();
        Assert.True(NativeHeap.Trim());
        long after = Resident();
        for (int i = 15; i < count; i += 16) Free(blocks[i]);
        // 240 MiB were touched and freed between the kept blocks; most of it leaves the resident set.
        Assert.True(before - after > 128L << 20, $"resident {before >> 20} MB before the trim, {after >> 20} MB after");
    }

    /// <summary>The process's resident set from /proc (Environment.WorkingSet is cached by Process on some paths).</summary>
    private static long Resident()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
