using System.Diagnostics;
using System.Globalization;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace DeepRoad.Benchmarks.Images;

/// <summary>
/// <c>skia-stress</c>: image featurization under the conditions of an AutoML search on an image set, to show the native
/// crash of ML.NET's grayscale step and that DeepRoad's image pixels avoid it. Each variant runs in its own child process
/// for a fixed time: two threads read the pixels of a cached image-path table over and over (half the passes stop
/// early, as pruned trials do), while a third allocates and collects garbage every 5 ms, so SkiaSharp objects are
/// finalized while images decode. A variant passes when its child lives to the end.
/// Variants: <c>ml-gray</c> (LoadImages, ResizeImages, ConvertToGrayscale, ExtractPixels, as DeepRoad did before),
/// <c>ml-nogray</c> (the same without ConvertToGrayscale), <c>locked-gray</c> and <c>locked-nogray</c> (those behind
/// <see cref="ImageGate"/>'s lock, ML.NET doing the image work), <c>direct-gray</c> (ml-gray read by DeepRoad's
/// <see cref="SkiaPixelReader"/>), <c>deeproad</c> (DeepRoad's featurizer step: ImagePixelsEstimator, read by the reader).
/// </summary>
internal static class SkiaStressBenchmark
{
    private static readonly string[] Variants = ["ml-gray", "ml-nogray", "locked-gray", "locked-nogray", "direct-gray", "deeproad"];

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "child") return Child(args[1], double.Parse(args[2], CultureInfo.InvariantCulture), args[3]);
        double seconds = BenchArgs.Get(args, "--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 60;
        var variants = BenchArgs.Get(args, "--variants")?.Split(',') ?? Variants;
        string csv = Path.GetFullPath(BenchArgs.Get(args, "--csv") ?? Path.Combine("data", "digits_images", "train.csv"));
        Console.WriteLine($"skia-stress: {csv}, {seconds} s per variant; GLIBC_TUNABLES={Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "(unset)"}");
        Console.WriteLine("| variant | outcome | images read | seconds |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var v in variants)
        {
            var self = Environment.ProcessPath!;
            var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") psi.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
            foreach (var a in new[] { "skia-stress", "child", v, seconds.ToString(CultureInfo.InvariantCulture), csv }) psi.ArgumentList.Add(a);
            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            string text = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            string tail = err.Result.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0 && !l.StartsWith("[createdump]")) ?? "";
            string read = text.Split('\n').FirstOrDefault(l => l.StartsWith("READ "))?[5..].Trim() ?? "";
            string outcome = p.ExitCode == 0 ? "no crash" : $"died: exit {p.ExitCode}{(p.ExitCode > 128 ? $" (signal {p.ExitCode - 128})" : "")}{(tail.Length > 0 ? ", " + tail.Replace("|", "/") : "")}";
            Console.WriteLine($"| {v} | {outcome} | {read} | {sw.Elapsed.TotalSeconds:0.0} |");
        }
        return 0;
    }

    private static int Child(string variant, double seconds, string csv)
    {
        string root = Path.GetDirectoryName(Path.GetFullPath(csv))!;
        var paths = File.ReadAllLines(csv).Skip(1).Select(l => l.Split(',')[0]).Where(p => p.Length > 0).ToArray();
        var ml = new MLContext(0);
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p })));
        IEstimator<ITransformer> Chain(bool gray)
        {
            IEstimator<ITransformer> c = ml.Transforms.LoadImages("img", root, "ImagePath").Append(ml.Transforms.ResizeImages("img", 16, 16, "img"));
            if (gray) c = c.Append(ml.Transforms.ConvertToGrayscale("img", "img"));
            return c.Append(ml.Transforms.ExtractPixels("px", "img", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f));
        }
        IEstimator<ITransformer> estimator = variant switch
        {
            "ml-gray" => Chain(gray: true),
            "ml-nogray" => Chain(gray: false),
            "locked-gray" or "gated-gray" => ImageGate.Serialize(Chain(gray: true), readPixels: false),
            "locked-nogray" => ImageGate.Serialize(Chain(gray: false), readPixels: false),
            "direct-gray" => ImageGate.Serialize(Chain(gray: true)),
            "deeproad" => new ImagePixelsEstimator(ml, "img", "px", "ImagePath", root, 16),
            _ => throw new ArgumentException($"unknown variant '{variant}'; one of {string.Join(", ", Variants)}"),
        };
        var view = estimator.Fit(data).Transform(data);
        var sw = Stopwatch.StartNew();
        long read = 0;
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.KeepAlive(new byte[1 << 20]);
                GC.Collect();
                Thread.Sleep(5);
            }
        });
        collector.Start();
        Parallel.For(0, 2, t =>
        {
            var rng = new Random(t);
            var column = view.Schema["px"];
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                using var cursor = view.GetRowCursor([column]);
                var get = cursor.GetGetter<VBuffer<float>>(column);
                VBuffer<float> value = default;
                int limit = rng.Next(2) == 0 ? int.MaxValue : rng.Next(1, 500);
                for (int k = 0; k < limit && cursor.MoveNext(); k++)
                {
                    get(ref value);
                    Interlocked.Increment(ref read);
                }
            }
        });
        Volatile.Write(ref stop, true);
        collector.Join();
        Console.WriteLine($"READ {read}");
        return 0;
    }

    private sealed class PathRow
    {
        public string ImagePath { get; set; } = "";
    }
}
