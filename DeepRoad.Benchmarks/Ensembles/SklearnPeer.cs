using System.Diagnostics;
using System.Text.Json;

namespace DeepRoad.Benchmarks.Ensembles;

/// <summary>The scikit-learn side of the one-model benchmarks (forests, elastic net): a script of this folder run by Debian's python3, one thread.</summary>
internal static class SklearnPeer
{
    /// <summary>
    /// Runs <c>DeepRoad.Benchmarks/Ensembles/<paramref name="script"/></c> with <paramref name="args"/> and returns its
    /// stdout lines, one JSON object each, keyed by their <c>method</c>; a missing python3 or a failed script is reported
    /// on stderr and leaves the rows it printed.
    /// </summary>
    public static Dictionary<string, JsonElement> Run(string script, string set, IEnumerable<string> args)
    {
        var result = new Dictionary<string, JsonElement>();
        foreach (var row in RunScript(Path.Combine(EnsembleBenchmark.RepoRoot(), "DeepRoad.Benchmarks", "Ensembles", script), set, args))
            result[row.GetProperty("method").GetString()!] = row;
        return result;
    }

    /// <summary>
    /// Runs the Python script at <paramref name="path"/> with <paramref name="args"/> (one thread) and returns its stdout
    /// lines parsed as JSON, one object each; a missing python3 or a failed script is reported on stderr and leaves the
    /// rows it printed.
    /// </summary>
    public static List<JsonElement> RunScript(string path, string set, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(path);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["OMP_NUM_THREADS"] = "1";
        psi.Environment["OPENBLAS_NUM_THREADS"] = "1";
        var rows = new List<JsonElement>();
        try
        {
            using var proc = Process.Start(psi)!;
            var stderr = proc.StandardError.ReadToEndAsync();
            string? line;
            while ((line = proc.StandardOutput.ReadLine()) != null)
                if (line.TrimStart().StartsWith('{')) rows.Add(JsonDocument.Parse(line).RootElement.Clone());
            proc.WaitForExit();
            if (proc.ExitCode != 0) Console.Error.WriteLine($"scikit-learn peer failed on {set}: {stderr.Result}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"scikit-learn peer not run ({e.Message}): apt-get install -y python3-sklearn python3-pandas");
        }
        return rows;
    }

    /// <summary>The median (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> v)
    {
        var o = v.Order().ToArray();
        return o.Length % 2 == 1 ? o[o.Length / 2] : (o[o.Length / 2 - 1] + o[o.Length / 2]) / 2;
    }
}
