using System.Runtime.InteropServices;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Gives the C heap's free pages back to the operating system (glibc's <c>malloc_trim(0)</c>, Linux only). LightGbm
/// (and libtorch) allocate through malloc from many threads; glibc keeps a heap ("arena") per thread and holds on to
/// what a fit freed, so after a LightGbm trial on wide n-gram features the process kept ~0.5 GB it no longer used
/// (sms_spam: working set 1.5 GB with a 0.7 GB managed heap; with <c>MALLOC_ARENA_MAX=2</c>, 0.8 GB). AutoML trims
/// after each trial and before the memory watchdog measures again, so the working set that the limit and the benchmark
/// read is what is in use. Elsewhere (Windows, macOS, musl) it does nothing.
/// </summary>
internal static class NativeHeap
{
    // DEEPROAD_MALLOC_TRIM=0 turns the trims off (a native library that reads memory after freeing it faults on a trimmed page).
    private static int _unavailable = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("DEEPROAD_MALLOC_TRIM") != "0" ? 0 : 1;
    private static long _lastTrim;

    /// <summary>
    /// At most this often from <see cref="TrimThrottled"/>: a trim walks every arena under its lock (56 ms to give back
    /// 240 MiB of scattered free blocks here), and native memory grows over seconds of fitting, not milliseconds.
    /// </summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(5);

    /// <summary>Trims now; true when glibc's malloc_trim ran (whether or not it found memory to release).</summary>
    public static bool Trim()
    {
        if (Volatile.Read(ref _unavailable) != 0) return false;
        try
        {
            MallocTrim(0);
            Volatile.Write(ref _lastTrim, Environment.TickCount64);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Volatile.Write(ref _unavailable, 1); // not glibc (musl, for example): never try again
            return false;
        }
    }

    /// <summary>Trims unless a trim ran within <see cref="MinInterval"/>.</summary>
    public static void TrimThrottled()
    {
        if (Environment.TickCount64 - Volatile.Read(ref _lastTrim) >= MinInterval.TotalMilliseconds) Trim();
    }

    // Blittable arguments: DllImport needs no marshalling stub here (LibraryImport would need unsafe code).
    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
