using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using TorchSharp;

namespace DeepRoad.Deep.Runtime;

/// <summary>
/// Loads TorchSharp's native libraries once per process and sets the torch thread count.
/// On systems whose libstdc++ lacks <c>GLIBCXX_3.4.32</c> (Debian 12, Ubuntu 22.04) the shipped
/// <c>libLibTorchSharp.so</c> refuses to load although it only names, never calls, the one symbol of that
/// version. There, a copy with that requirement marked weak is written to a per-user cache directory
/// (keyed by the hash of the original) and loaded before TorchSharp initialises. The package cache is never
/// modified, and newer systems load the shipped library unchanged.
/// </summary>
public static class TorchRuntime
{
    private const string NeededVersion = "GLIBCXX_3.4.32";
    private static readonly object Gate = new();
    private static bool _loaded;
    private static IntPtr _wrapperHandle;

    /// <summary>Describes what <see cref="EnsureLoaded"/> did (for diagnostics).</summary>
    public static string LoadReport { get; private set; } = "not loaded";

    /// <summary>The path of the patched wrapper library when one was needed, else null.</summary>
    public static string? PatchedLibraryPath { get; private set; }

    /// <summary>
    /// Makes sure libtorch and TorchSharp's native wrapper are loaded and usable. Idempotent and thread-safe.
    /// Every DeepRoad deep estimator calls this before touching torch.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (_loaded) return;
        lock (Gate)
        {
            if (_loaded) return;
            var report = new StringBuilder();
            if (OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 && !SystemLibStdCxxHas(NeededVersion, report))
                LoadPatchedWrapper(report);
            else
                report.Append("shipped libLibTorchSharp loads as is; ");
            // Touch torch so that any remaining load problem surfaces here, with the report attached.
            try
            {
                using var probe = torch.ones(1);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"TorchSharp could not initialise: {ex.Message} ({report})", ex);
            }
            LoadReport = report.ToString().TrimEnd(' ', ';');
            _loaded = true;
        }
    }

    /// <summary>
    /// Sets the number of intra-op threads torch uses (null: <see cref="Environment.ProcessorCount"/>).
    /// Torch's thread pool is per process, so this affects every model in the process.
    /// </summary>
    public static void SetThreads(int? threads)
    {
        EnsureLoaded();
        int n = threads ?? Environment.ProcessorCount;
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Threads must be at least 1.");
        if (torch.get_num_threads() != n) torch.set_num_threads(n);
    }

    /// <summary>True when the libstdc++ of this process (or the system's) declares <paramref name="version"/>.</summary>
    internal static bool SystemLibStdCxxHas(string version, StringBuilder report)
    {
        string? path = FindLibStdCxx();
        if (path is null)
        {
            report.Append("libstdc++ not found, assuming it is recent; ");
            return true;
        }
        byte[] bytes = File.ReadAllBytes(path);
        bool has = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(version + "\0")) >= 0;
        report.Append($"{path} {(has ? "has" : "lacks")} {version}; ");
        return has;
    }

    private static string? FindLibStdCxx()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash < 0) continue;
                string p = line[slash..].Trim();
                if (Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal) && File.Exists(p)) return p;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib" })
        {
            string p = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private static void LoadPatchedWrapper(StringBuilder report)
    {
        var dirs = NativeSearchDirectories();
        string? wrapper = dirs.Select(d => Path.Combine(d, "libLibTorchSharp.so")).FirstOrDefault(File.Exists);
        string? libtorch = dirs.Select(d => Path.Combine(d, "libtorch.so")).FirstOrDefault(File.Exists);
        if (wrapper is null || libtorch is null)
            throw new InvalidOperationException(
                "TorchSharp native libraries not found next to the application (libLibTorchSharp.so from the TorchSharp package, " +
                "libtorch.so from libtorch-cpu-linux-x64). Searched: " + string.Join(", ", dirs));

        // libtorch's libraries need only older GLIBCXX versions; load them from where they are, so that the
        // wrapper copy (whose $ORIGIN runpath points at the cache directory) finds them by soname.
        string torchDir = Path.GetDirectoryName(libtorch)!;
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
        {
            string p = Path.Combine(torchDir, name);
            if (File.Exists(p)) NativeLibrary.Load(p);
        }

        byte[] bytes = File.ReadAllBytes(wrapper);
        string hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        string cacheDir = Path.Combine(CacheRoot(), "torchsharp-" + hash);
        string patched = Path.Combine(cacheDir, "libLibTorchSharp.so");
        if (!File.Exists(patched))
        {
            int changed = ElfVersionPatcher.MarkVersionWeak(bytes, NeededVersion);
            Directory.CreateDirectory(cacheDir);
            DeepRoad.Pipelines.AtomicFile.Write(patched, s => s.Write(bytes));
            report.Append($"patched {changed} {NeededVersion} requirement(s) of {wrapper} into {patched}; ");
        }
        else
        {
            report.Append($"using cached patched wrapper {patched}; ");
        }
        _wrapperHandle = NativeLibrary.Load(patched);
        PatchedLibraryPath = patched;
        try
        {
            // Route TorchSharp's [DllImport("LibTorchSharp")] to the patched copy directly.
            NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set (by the host); the loaded soname still satisfies name-based loads.
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName is "LibTorchSharp" or "libLibTorchSharp" or "libLibTorchSharp.so" ? _wrapperHandle : IntPtr.Zero;

    private static string CacheRoot()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string root = !string.IsNullOrEmpty(xdg) ? xdg
            : !string.IsNullOrEmpty(home) ? Path.Combine(home, ".cache")
            : Path.GetTempPath();
        return Path.Combine(root, "deeproad");
    }

    /// <summary>Directories where the runtime looks for native libraries (deps.json probing paths, the app folder).</summary>
    internal static IReadOnlyList<string> NativeSearchDirectories()
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string list)
            dirs.AddRange(list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        string baseDir = AppContext.BaseDirectory;
        dirs.Add(baseDir);
        dirs.Add(Path.Combine(baseDir, "runtimes", "linux-x64", "native"));
        string? asmDir = Path.GetDirectoryName(typeof(torch).Assembly.Location);
        if (!string.IsNullOrEmpty(asmDir))
        {
            dirs.Add(asmDir);
            dirs.Add(Path.Combine(asmDir, "runtimes", "linux-x64", "native"));
            // Loaded straight from the NuGet packages folder (notebook kernels: #r "nuget: DeepRoad.Deep"), where nothing
            // is copied next to the application: <packages>/torchsharp/<v>/lib/net8.0 -> <packages>/torchsharp/<v>/runtimes/...
            // and <packages>/libtorch-cpu-linux-x64/<v>/runtimes/linux-x64/native.
            var packageDir = Directory.GetParent(asmDir)?.Parent;
            if (packageDir is not null)
            {
                dirs.Add(Path.Combine(packageDir.FullName, "runtimes", "linux-x64", "native"));
                var libtorchPackage = new DirectoryInfo(Path.Combine(packageDir.Parent?.Parent?.FullName ?? packageDir.FullName, "libtorch-cpu-linux-x64"));
                if (libtorchPackage.Exists)
                    dirs.AddRange(libtorchPackage.GetDirectories().OrderByDescending(d => Version.TryParse(d.Name, out var v) ? v : new Version(0, 0))
                        .Select(d => Path.Combine(d.FullName, "runtimes", "linux-x64", "native")));
            }
        }
        return dirs.Select(d => Path.GetFullPath(d)).Distinct().Where(Directory.Exists).ToList();
    }
}
