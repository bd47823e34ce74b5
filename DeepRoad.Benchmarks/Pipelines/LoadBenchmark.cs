using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using DeepRoad.Pipelines.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Benchmarks.Pipelines;

/// <summary>
/// Loading speed (rows/s) and peak memory of a CSV file: DeepRoad's loader (CsvHelper 34 + schema inference +
/// typed IDataView), CsvHelper parsing alone, ML.NET TextLoader (columns given, full cursor pass), and
/// pandas.read_csv, each in its own process so peak RSS is its own.
/// </summary>
public static class LoadBenchmark
{
    private static readonly string[] Methods = ["deeproad", "csvhelper-parse", "textloader"];

    public static int Run(string[] args)
    {
        string? synthetic = BenchArgs.Get(args, "--synthetic");
        string file = synthetic is not null ? Synthetic(int.Parse(synthetic, CultureInfo.InvariantCulture)) : BenchArgs.Get(args, "--file") ?? DefaultFile();
        // The label only decides which column inference treats as the label; adult's by default, none for other files.
        string label = BenchArgs.Get(args, "--label") ?? (synthetic is not null ? "y" : BenchArgs.Get(args, "--file") is null ? "over_50k" : "");
        int repeats = int.Parse(BenchArgs.Get(args, "--repeats") ?? "5", CultureInfo.InvariantCulture);
        string? outPath = BenchArgs.Get(args, "--out");
        if (!File.Exists(file)) { Console.Error.WriteLine($"error: {file}: file not found."); return 2; }

        var results = new List<Result>();
        foreach (var m in Methods) results.Add(RunChild(m, file, repeats, label));
        results.Add(RunPandas(file, repeats));

        var md = Markdown(file, repeats, results);
        Console.WriteLine(md);
        if (outPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            File.WriteAllText(outPath, md);
        }
        return 0;
    }

    /// <summary>Child process: loads the file <c>repeats</c> times with one method and prints a JSON result.</summary>
    public static int RunOne(string[] args)
    {
        string method = args[0], file = args[1];
        int repeats = int.Parse(args[2], CultureInfo.InvariantCulture);
        string? label = args.Length > 3 && args[3].Length > 0 ? args[3] : null;
        long baseline = PeakRssBytes();
        var ml = new MLContext(seed: 0);
        var times = new List<double>();
        long rows = 0, firstPeak = 0;
        for (int i = 0; i <= repeats; i++)
        {
            var sw = Stopwatch.StartNew();
            rows = method switch
            {
                "deeproad" => LoadDeepRoad(ml, file, label),
                "csvhelper-parse" => ParseCsvHelper(file),
                "textloader" => LoadTextLoader(ml, file),
                _ => throw new ArgumentException("unknown method " + method),
            };
            sw.Stop();
            if (i > 0) times.Add(sw.Elapsed.TotalSeconds); // run 0 warms up the JIT
            // Memory is the first load's peak, in a fresh process as a user's program loads a file: later loads in the same
            // process start from a heap the runtime has not given back, so the high-water mark would stack them.
            if (i == 0) firstPeak = PeakRssBytes();
        }
        Console.WriteLine(JsonSerializer.Serialize(new Result(method, rows, times.ToArray(), firstPeak, baseline)));
        return 0;
    }

    private static long LoadDeepRoad(MLContext ml, string file, string? label)
    {
        var loaded = DataLoader.LoadFile(ml, file, new DataLoadOptions { Label = label });
        return CursorAll(loaded.Data);
    }

    private static long ParseCsvHelper(string file)
    {
        using var reader = CsvReader.FromFile(file, new CsvReaderOptions { PoolStrings = true });
        long rows = 0, chars = 0;
        while (reader.Read())
        {
            for (int i = 0; i < reader.FieldCount; i++) chars += reader.GetString(i)?.Length ?? 0;
            rows++;
        }
        return chars >= 0 ? rows : 0;
    }

    private static long LoadTextLoader(MLContext ml, string file)
    {
        // The columns (types and positions) must be known up front: TextLoader neither sniffs nor infers.
        // Here they are read off the first 1000 rows (a column is numeric when all its values there parse), untimed in spirit
        // but inside the timing, as a user would have to do; on a file of many rows it is a small part.
        var lines = File.ReadLines(file).Take(1001).Select(l => l.Split(',')).ToList();
        string[] header = lines[0];
        var columns = header.Select((h, i) => new TextLoader.Column(h,
            lines.Skip(1).All(r => i < r.Length && (r[i].Length == 0 || double.TryParse(r[i], NumberStyles.Float, CultureInfo.InvariantCulture, out _))) ? DataKind.Single : DataKind.String, i)).ToArray();
        var view = ml.Data.LoadFromTextFile(file, columns, separatorChar: ',', hasHeader: true, allowQuoting: true);
        return CursorAll(view);
    }

    /// <summary>Reads every column of every row, so lazy loaders do their work.</summary>
    private static long CursorAll(IDataView view)
    {
        var cols = view.Schema.ToArray();
        using var cursor = view.GetRowCursor(cols);
        var actions = cols.Select<DataViewSchema.Column, Action>(c =>
        {
            if (c.Type == NumberDataViewType.Single) { var g = cursor.GetGetter<float>(c); float v = 0; return () => g(ref v); }
            if (c.Type == BooleanDataViewType.Instance) { var g = cursor.GetGetter<bool>(c); bool v = false; return () => g(ref v); }
            var t = cursor.GetGetter<ReadOnlyMemory<char>>(c); ReadOnlyMemory<char> s = default; return () => t(ref s);
        }).ToArray();
        long rows = 0;
        while (cursor.MoveNext())
        {
            foreach (var a in actions) a();
            rows++;
        }
        return rows;
    }

    /// <summary>
    /// A seeded table of <paramref name="rows"/> rows (12 numbers written with full precision, 3 categories of 8 values, a
    /// two-class label "y"), written once to the temp folder: a large, mostly numeric table as business data often is.
    /// </summary>
    private static string Synthetic(int rows)
    {
        string path = Path.Combine(Path.GetTempPath(), $"deeproad-load-{rows}.csv");
        if (File.Exists(path)) return path;
        var rng = new Random(1);
        using var w = new StreamWriter(path + ".part");
        w.WriteLine(string.Join(",", Enumerable.Range(0, 12).Select(j => $"n{j}").Concat(["c0", "c1", "c2", "y"])));
        var cells = new string[16];
        for (int r = 0; r < rows; r++)
        {
            double z = 0;
            for (int j = 0; j < 12; j++)
            {
                double v = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                if (j < 2) z += v;
                cells[j] = v.ToString("R", CultureInfo.InvariantCulture);
            }
            for (int j = 0; j < 3; j++) cells[12 + j] = ((char)('A' + rng.Next(8))).ToString();
            cells[15] = z + rng.NextDouble() - 0.5 > 0 ? "pos" : "neg";
            w.WriteLine(string.Join(",", cells));
        }
        w.Close();
        File.Move(path + ".part", path, overwrite: true);
        return path;
    }

    private static Result RunChild(string method, string file, int repeats, string label)
    {
        var exe = Environment.ProcessPath!;
        var entry = typeof(LoadBenchmark).Assembly.Location;
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, UseShellExecute = false };
        // Under "dotnet DeepRoad.Benchmarks.dll" the process is the dotnet host, which needs the assembly path first.
        if (!Path.GetFileName(exe).StartsWith("DeepRoad.Benchmarks", StringComparison.OrdinalIgnoreCase)) psi.ArgumentList.Add(entry);
        foreach (var a in new[] { "load-one", method, file, repeats.ToString(CultureInfo.InvariantCulture), label }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{method} failed: {output}");
        return JsonSerializer.Deserialize<Result>(output.Trim().Split('\n')[^1])!;
    }

    private static Result RunPandas(string file, int repeats)
    {
        const string script = """
import json, resource, sys, time
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'): return int(line.split()[1]) * 1024
import pandas as pd
base = rss()
f, n = sys.argv[1], int(sys.argv[2])
times = []
for i in range(n + 1):
    t = time.perf_counter(); df = pd.read_csv(f); el = time.perf_counter() - t
    if i > 0: times.append(el)
    if i == 0: first = rss()
print(json.dumps({"Method": "pandas.read_csv " + pd.__version__, "Rows": len(df), "Seconds": times, "PeakRssBytes": first, "BaselineRssBytes": base}))
""";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", script, file, repeats.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("pandas failed (apt-get install -y python3-pandas): " + err);
        return JsonSerializer.Deserialize<Result>(output.Trim())!;
    }

    private static string Markdown(string file, int repeats, List<Result> results)
    {
        var pandas = results[^1];
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"file: `{file}` ({new FileInfo(file).Length / 1024.0 / 1024.0:0.0} MiB, {results[0].Rows} rows), median of {repeats} runs after one warm-up run, each method in its own process; peak RSS is the warm-up load's (the first in the process)");
        sb.AppendLine();
        sb.AppendLine("| method | median s | best s | rows/s (median) | median vs pandas | best vs pandas | peak RSS MiB | RSS above process baseline MiB |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Method} | {r.Median:0.000} | {r.Best:0.000} | {r.Rows / r.Median:N0} | {r.Median / pandas.Median:0.00}x | {r.Best / pandas.Best:0.00}x | {r.PeakRssBytes / 1048576.0:0} | {(r.PeakRssBytes - r.BaselineRssBytes) / 1048576.0:0} |");
        }
        return sb.ToString();
    }

    private static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return Environment.WorkingSet;
    }

    private static string DefaultFile()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        var shared = dir is null ? "/work/shared/data" : Path.Combine(dir.FullName, "..", "shared", "data");
        return Path.GetFullPath(Path.Combine(shared, "adult", "train.csv"));
    }

    private sealed record Result(string Method, long Rows, double[] Seconds, long PeakRssBytes, long BaselineRssBytes)
    {
        public double Median => Seconds.Order().ElementAt(Seconds.Length / 2);

        public double Best => Seconds.Min();
    }
}
