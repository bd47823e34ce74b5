namespace DeepRoad.Tests.Loading;

/// <summary>Finds the shipped data (data/) and the shared sets (../shared/data) by walking up to DeepRoad.sln.</summary>
internal static class DataPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DeepRoad.sln not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string Shipped(string relative) => Path.Combine(RepoRoot, "data", relative);

    /// <summary>The shared data folder: ../shared/data next to the repository, or /work/shared/data.</summary>
    public static string SharedDir
    {
        get
        {
            foreach (var candidate in new[] { Path.Combine(RepoRoot, "..", "shared", "data"), "/work/shared/data" })
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            throw new InvalidOperationException("shared data folder not found (expected ../shared/data next to the repository).");
        }
    }

    public static string Shared(string relative) => Path.Combine(SharedDir, relative);
}
