using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Generative;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Runtime;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Images;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project DeepRoad.Benchmarks -- deep [part ...] [--threads N]</c>: accuracy of the deep
/// estimators on shared data, seconds per epoch of the MLP against PyTorch (python3-torch) on the same matrix and
/// threads, RSS over 20 epochs, and the GAN sample grid. Parts: mlp, speed, memory, cnn, rnn, resnet, gan (default all).
/// Prints Markdown rows for benchmarks/results/deep.md.
/// </summary>
public static class DeepBenchmark
{
    private static int _threads = 2;
    private static string _root = ".";

    public static int Run(string[] args)
    {
        var parts = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToList();
        int ti = Array.IndexOf(args, "--threads");
        if (ti >= 0) _threads = int.Parse(args[ti + 1], CultureInfo.InvariantCulture);
        if (parts.Count == 0) parts = ["mlp", "speed", "memory", "cnn", "rnn", "resnet", "gan"];
        _root = FindRoot();
        TorchRuntime.EnsureLoaded();
        Console.WriteLine($"threads {_threads}; torch runtime: {TorchRuntime.LoadReport}");
        foreach (var p in parts)
        {
            var sw = Stopwatch.StartNew();
            switch (p)
            {
                case "mlp": Mlp(); break;
                case "speed": Speed(); break;
                case "memory": Memory(); break;
                case "cnn": Cnn(); break;
                case "rnn": Rnn(); break;
                case "resnet": ResNet(); break;
                case "gan": Gan(); break;
                default: throw new ArgumentException($"Unknown deep benchmark part '{p}'.");
            }
            Console.WriteLine($"  ({p}: {sw.Elapsed.TotalSeconds:F1} s)");
        }
        return 0;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string Shared(string rel)
    {
        string p = Path.Combine(_root, "..", "shared", "data", rel);
        return File.Exists(p) ? Path.GetFullPath(p) : Path.Combine("/work/shared/data", rel);
    }

    private static DeepTrainingOptions Options(int epochs, int batch, double lr) => new()
    {
        Epochs = epochs, BatchSize = batch, LearningRate = lr, Threads = _threads, Device = DeviceSpec.Cpu, Seed = 42, ValidationFraction = 0,
    };

    private static (IDataView Train, IDataView Test) Adult(MLContext ml)
    {
        var loaded = DataLoader.LoadFile(ml, Shared("adult/train.csv"), new DataLoadOptions { Label = "over_50k" });
        var train = loaded.WithPreparedLabel(ml);
        var test = DataLoader.LoadFile(ml, Shared("adult/test.csv"), loaded.Schema, new DataLoadOptions { Label = "over_50k" }).WithPreparedLabel(ml);
        var featurizer = DefaultFeaturizer.Build(ml, loaded.Schema).Fit(train);
        return (ml.Data.Cache(featurizer.Transform(train)), ml.Data.Cache(featurizer.Transform(test)));
    }

    private static void Row(string model, string data, string metric, double value, int epochs, double seconds, string note = "") =>
        Console.WriteLine(FormattableString.Invariant($"| {model} | {data} | {metric} {value:F4} | {epochs} | {seconds:F1} | {note} |"));

    private static void Mlp()
    {
        var ml = new MLContext(1);
        var (train, test) = Adult(ml);
        var sw = Stopwatch.StartNew();
        var model = ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [128, 64], Dropout = 0.2, BatchNorm = true },
            Options(12, 256, 1e-3) with { Schedule = LearningRateScheduleKind.Cosine, ValidationFraction = 0.1, EarlyStoppingPatience = 4 }).Fit(train);
        var m = ml.BinaryClassification.Evaluate(model.Transform(test));
        Row("MLP [128,64] BN dropout 0.2, Adam cosine", "adult", "test accuracy", m.Accuracy, model.History.Count, sw.Elapsed.TotalSeconds,
            FormattableString.Invariant($"ROC-AUC {m.AreaUnderRocCurve:F4}"));
    }

    private static void Speed()
    {
        var ml = new MLContext(1);
        var (train, _) = Adult(ml);
        const int epochs = 5, batch = 256;
        // Same matrix for both sides.
        var features = train.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        var labels = train.GetColumn<bool>("Label").Select(b => b ? 1f : 0f).ToArray();
        int rows = features.Length, width = features[0].Length;
        string dir = Directory.CreateTempSubdirectory("deeproad-speed-").FullName;
        using (var w = new BinaryWriter(File.Create(Path.Combine(dir, "x.f32")))) foreach (var r in features) foreach (var v in r) w.Write(v);
        using (var w = new BinaryWriter(File.Create(Path.Combine(dir, "y.f32")))) foreach (var v in labels) w.Write(v);

        var model = ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [128, 64] }, Options(epochs, batch, 1e-3)).Fit(train);
        var ours = model.History.Select(h => h.Elapsed.TotalSeconds).Order().ElementAt(epochs / 2);

        var psi = new ProcessStartInfo("/usr/bin/python3", string.Join(' ', Path.Combine(_root, "benchmarks", "deep", "torch_mlp.py"),
            Path.Combine(dir, "x.f32"), Path.Combine(dir, "y.f32"), rows, width, epochs, batch, _threads, 42))
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var py = Process.Start(psi)!;
        string stdout = py.StandardOutput.ReadToEnd();
        string stderr = py.StandardError.ReadToEnd();
        py.WaitForExit();
        Directory.Delete(dir, true);
        if (py.ExitCode != 0)
        {
            Console.WriteLine($"| MLP speed | adult {rows}x{width} | TorchSharp {ours:F3} s/epoch | PyTorch failed: {stderr.Trim().Split('\n').Last()} |");
            return;
        }
        double theirs = double.Parse(stdout.Trim().Split('\n').Last(), CultureInfo.InvariantCulture);
        Console.WriteLine(FormattableString.Invariant(
            $"| MLP [128,64] speed, batch {batch}, {_threads} threads | adult {rows}x{width} | TorchSharp {ours:F3} s/epoch | PyTorch {theirs:F3} s/epoch | ratio {ours / theirs:F2} |"));
    }

    private static void Memory()
    {
        var ml = new MLContext(1);
        var (train, _) = Adult(ml);
        var rss = new List<double>();
        var hooks = new DeepTrainingHooks { Progress = new Sync(_ => { using var p = Process.GetCurrentProcess(); rss.Add(p.WorkingSet64 / 1048576.0); }) };
        ml.DeepRoad().Deep.Mlp(MLTask.BinaryClassification, new MlpSpec { HiddenLayers = [128, 64] }, Options(20, 256, 1e-3) with { ValidationFraction = 0.1 }, hooks: hooks).Fit(train);
        using var self = Process.GetCurrentProcess();
        Console.WriteLine("RSS MiB per epoch: " + string.Join(", ", rss.Select((v, i) => FormattableString.Invariant($"{i + 1}:{v:F0}"))));
        Console.WriteLine(FormattableString.Invariant(
            $"| RSS over 20 MLP epochs (adult) | epoch 1 {rss[0]:F0} MiB | epoch 10 {rss[9]:F0} MiB | epoch 20 {rss[19]:F0} MiB | max-min after epoch 2: {rss.Skip(1).Max() - rss.Skip(1).Min():F1} MiB | peak {self.PeakWorkingSet64 / 1048576.0:F0} MiB |"));
    }

    private static void Cnn()
    {
        var ml = new MLContext(1);
        var trainSet = ImageDataset.FromCsv(ml, Shared("digits_images/train.csv"));
        var testSet = ImageDataset.FromCsv(ml, Shared("digits_images/test.csv"));
        var prep = trainSet.CreatePipeline(new ImageDatasetOptions { Grayscale = true, Width = 16, Height = 16 }).Fit(trainSet.Data);
        var train = ml.Data.Cache(prep.Transform(trainSet.Data));
        var test = ml.Data.Cache(prep.Transform(testSet.Data));
        var sw = Stopwatch.StartNew();
        var model = ml.DeepRoad().Deep.Cnn(MLTask.MulticlassClassification, new CnnSpec { ImageChannels = 1, ImageHeight = 16, ImageWidth = 16, Channels = [32, 64, 128], Dropout = 0.2 },
            Options(20, 32, 2e-3) with { Schedule = LearningRateScheduleKind.Cosine }, new ImageAugmentationOptions { MaxRotationDegrees = 8, CropPadding = 1 }).Fit(train);
        var m = ml.MulticlassClassification.Evaluate(model.Transform(test));
        Row("CNN [32,64,128] 16x16, augmentation", "digits_images", "test accuracy", m.MicroAccuracy, model.History.Count, sw.Elapsed.TotalSeconds);
    }

    private static void Rnn()
    {
        foreach (var cell in new[] { RecurrentCell.Lstm, RecurrentCell.Gru })
        {
            var ml = new MLContext(1);
            var cols = new[] { new TextLoader.Column("text", DataKind.String, 0), new TextLoader.Column("label", DataKind.String, 1) };
            var train = ml.Data.LoadFromTextFile(Shared("sms_spam/train.csv"), cols, separatorChar: ',', hasHeader: true, allowQuoting: true);
            var test = ml.Data.LoadFromTextFile(Shared("sms_spam/test.csv"), cols, separatorChar: ',', hasHeader: true, allowQuoting: true);
            var prep = ml.Transforms.CustomMapping((SpamIn i, BoolLabel o) => o.Label = i.label == "spam", contractName: null)
                .Append(ml.DeepRoad().TokenizeText(new TextTokenizerOptions { MaxLength = 50, MinFrequency = 2 })).Fit(train);
            var tr = ml.Data.Cache(prep.Transform(train));
            var te = ml.Data.Cache(prep.Transform(test));
            var sw = Stopwatch.StartNew();
            var model = ml.DeepRoad().Deep.Recurrent(MLTask.BinaryClassification, new RecurrentSpec { Cell = cell, EmbeddingSize = 64, HiddenSize = 64 },
                Options(6, 32, 3e-3) with { GradientClipNorm = 1.0 }).Fit(tr);
            var m = ml.BinaryClassification.Evaluate(model.Transform(te));
            Row($"{cell} bidirectional, mean pooling", "sms_spam", "test accuracy", m.Accuracy, model.History.Count, sw.Elapsed.TotalSeconds, FormattableString.Invariant($"ROC-AUC {m.AreaUnderRocCurve:F4}"));
        }
    }

    private static void ResNet()
    {
        var ml = new MLContext(1);
        var trainSet = ImageDataset.FromCsv(ml, Shared("digits_images/train.csv"));
        var testSet = ImageDataset.FromCsv(ml, Shared("digits_images/test.csv"));
        var labels = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(trainSet.Data);
        var train = ml.Data.Cache(labels.Transform(trainSet.Data));
        var test = labels.Transform(testSet.Data);
        var sw = Stopwatch.StartNew();
        var chain = ml.DeepRoad().Deep.ResNet18Head(MLTask.MulticlassClassification, new MlpSpec { HiddenLayers = [128], Dropout = 0.2 }, Options(40, 32, 1e-3)).Fit(train);
        double fit = sw.Elapsed.TotalSeconds;
        var m = ml.MulticlassClassification.Evaluate(chain.Transform(test));
        Row("ResNet18 features + MLP head [128]", "digits_images (all 1437 train rows)", "test accuracy", m.MicroAccuracy, chain.LastTransformer.History.Count, sw.Elapsed.TotalSeconds,
            FormattableString.Invariant($"fit {fit:F1} s incl. featurization; featurization dominates the time"));
    }

    private static void Gan()
    {
        var ml = new MLContext(1);
        var set = ImageDataset.FromCsv(ml, Shared("digits_images/train.csv"));
        var data = set.CreatePipeline(new ImageDatasetOptions { Grayscale = true, Width = 8, Height = 8 }).Fit(set.Data).Transform(set.Data);
        var pixels = data.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        var keys = data.GetColumn<uint>("Label").ToArray();
        var threes = pixels.Where((_, i) => keys[i] == 4).SelectMany(p => p).ToArray();
        var sw = Stopwatch.StartNew();
        using var gan = ImageGan.Train(threes, threes.Length / 64, 8, 8, new GanOptions { Steps = 1500, Seed = 11, Threads = _threads, Device = DeviceSpec.Cpu });
        string path = Path.Combine(_root, "benchmarks", "results", "deep-gan-digit3.png");
        ImageGan.SaveGrid(path, gan.Generate(64, seed: 5), 64, 8, 8);
        Console.WriteLine(FormattableString.Invariant($"| DCGAN on digit 3 ({threes.Length / 64} images) | 1500 steps | {sw.Elapsed.TotalSeconds:F1} s | grid: benchmarks/results/deep-gan-digit3.png |"));
    }

    private sealed class Sync(Action<EpochReport> a) : IProgress<EpochReport>
    {
        public void Report(EpochReport value) => a(value);
    }

    public sealed class SpamIn
    {
        public string label { get; set; } = "";
    }

    public sealed class BoolLabel
    {
        public bool Label { get; set; }
    }
}
