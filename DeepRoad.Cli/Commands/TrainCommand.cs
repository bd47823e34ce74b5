using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Runtime;
using DeepRoad.Deep.Text;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Images;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Pipelines.Text;
using Microsoft.ML;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace DeepRoad.Cli.Commands;

/// <summary>
/// <c>deeproad train --train FILE --label COL --model mlp|cnn|lstm|gru|resnet18-head ...</c>: trains one deep model with a
/// per-epoch progress bar and writes <c>model.zip</c> (preprocessing + network, see <see cref="TrainedModel"/>), metrics and the
/// loss curve (CSV and SVG) to <c>--out</c>.
/// </summary>
public static class TrainCommand
{
    private static readonly string[] Models = ["mlp", "cnn", "lstm", "gru", "resnet18-head"];

    public static Command Create()
    {
        var train = new Option<FileInfo>("--train") { Description = "Training data: a CSV/TSV table (mlp, lstm, gru) or a CSV of ImagePath,Label / a folder per class (cnn, resnet18-head).", Required = true };
        var label = new Option<string?>("--label") { Description = "Label column (tables; image lists use 'Label')." };
        var model = new Option<string>("--model") { Description = "mlp, cnn, lstm, gru or resnet18-head.", DefaultValueFactory = _ => "mlp" };
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => 20 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adam, adamw, rmsprop, adagrad or adadelta.", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double>("--lr") { Description = "Learning rate.", DefaultValueFactory = _ => 1e-3 };
        var schedule = new Option<string>("--schedule") { Description = "constant, step, exponential, polynomial, cosine or plateau.", DefaultValueFactory = _ => "constant" };
        var batch = new Option<int>("--batch-size") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var threads = new Option<int?>("--threads") { Description = "Torch threads (default: number of cores)." };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda or cuda:N.", DefaultValueFactory = _ => "auto" };
        var test = new Option<FileInfo?>("--test") { Description = "Test data in the same format as --train; metrics are computed on it." };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "Output folder.", DefaultValueFactory = _ => new DirectoryInfo("deeproad-train") };
        var textColumn = new Option<string?>("--text-column") { Description = "Text column for lstm/gru (default: the first free-text column)." };
        var imageSize = new Option<int?>("--image-size") { Description = "Resize images to this square size (cnn; default: the files' size, which must then agree)." };

        var cmd = new Command("train", "Train one deep model (MLP, CNN, LSTM/GRU or ResNet18 head) and write model, metrics and loss curve.");
        foreach (var o in new Option[] { train, label, model, epochs, optimizer, lr, schedule, batch, seed, threads, device, test, outDir, textColumn, imageSize })
            cmd.Options.Add(o);
        cmd.SetAction((parse, ct) =>
        {
            string kind = parse.GetValue(model)!.Trim().ToLowerInvariant();
            if (!Models.Contains(kind)) throw new ArgumentException($"Unknown model '{parse.GetValue(model)}' for --model: use {string.Join(", ", Models)}.");
            var options = new DeepTrainingOptions
            {
                Epochs = parse.GetValue(epochs), Optimizer = ParseOptimizer(parse.GetValue(optimizer)!), LearningRate = parse.GetValue(lr),
                Schedule = ParseSchedule(parse.GetValue(schedule)!), BatchSize = parse.GetValue(batch), Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads), Device = DeviceSpec.Parse(parse.GetValue(device)!),
            };
            options.Validate();
            var request = new Request(kind, parse.GetValue(train)!, parse.GetValue(test), parse.GetValue(label), parse.GetValue(textColumn),
                parse.GetValue(imageSize), options, parse.GetValue(outDir)!);
            return Task.FromResult(Run(request, ct));
        });
        return cmd;
    }

    /// <summary>Parses an optimizer name (case-insensitive).</summary>
    public static OptimizerKind ParseOptimizer(string name) => name.Trim().ToLowerInvariant() switch
    {
        "sgd" => OptimizerKind.Sgd,
        "adam" => OptimizerKind.Adam,
        "adamw" => OptimizerKind.AdamW,
        "rmsprop" => OptimizerKind.RmsProp,
        "adagrad" => OptimizerKind.Adagrad,
        "adadelta" => OptimizerKind.Adadelta,
        _ => throw new ArgumentException($"Unknown optimizer '{name}' for --optimizer: use sgd, adam, adamw, rmsprop, adagrad or adadelta."),
    };

    /// <summary>Parses a learning-rate schedule name (case-insensitive).</summary>
    public static LearningRateScheduleKind ParseSchedule(string name) => name.Trim().ToLowerInvariant() switch
    {
        "constant" => LearningRateScheduleKind.Constant,
        "step" => LearningRateScheduleKind.Step,
        "exponential" => LearningRateScheduleKind.Exponential,
        "polynomial" => LearningRateScheduleKind.Polynomial,
        "cosine" => LearningRateScheduleKind.Cosine,
        "plateau" or "reduce-on-plateau" => LearningRateScheduleKind.ReduceOnPlateau,
        _ => throw new ArgumentException($"Unknown schedule '{name}' for --schedule: use constant, step, exponential, polynomial, cosine or plateau."),
    };

    private sealed record Request(string Model, FileInfo Train, FileInfo? Test, string? Label, string? TextColumn, int? ImageSize, DeepTrainingOptions Options, DirectoryInfo Out);

    private static int Run(Request r, CancellationToken ct)
    {
        var ml = new MLContext(r.Options.Seed);
        if (!r.Train.Exists && !Directory.Exists(r.Train.FullName)) throw new FileNotFoundException($"{r.Train.FullName}: file not found (--train).");
        if (r.Test is { Exists: false }) throw new FileNotFoundException($"{r.Test.FullName}: file not found (--test).");
        var hooks = new DeepTrainingHooks { Progress = new ProgressBar(r.Options.Epochs), CancellationToken = ct };

        IDataView trainData, rawTrain;
        MLTask task;
        IEstimator<ITransformer> estimator;
        ITransformer? preprocessing;
        TrainedModel.Description info;
        switch (r.Model)
        {
            case "cnn":
            case "resnet18-head":
            {
                var trainSet = ImageDataset.Open(ml, r.Train.FullName);
                task = MLTask.MulticlassClassification; // image labels become keys, even with two classes
                rawTrain = trainSet.Data;
                info = new TrainedModel.Description(TrainedModel.FormatName, TrainedModel.FormatVersion, r.Model, task, "Label", trainSet.Classes, Images: true, Schema: null);
                if (r.Model == "cnn")
                {
                    var imageOptions = new ImageDatasetOptions { Grayscale = false, Width = r.ImageSize, Height = r.ImageSize };
                    var (w, h) = trainSet.ImageSize(imageOptions);
                    preprocessing = trainSet.CreatePipeline(imageOptions with { Width = w, Height = h }).Fit(trainSet.Data);
                    trainData = ml.Data.Cache(preprocessing.Transform(trainSet.Data));
                    estimator = ml.DeepRoad().Deep.Cnn(task, new CnnSpec { ImageChannels = 3, ImageHeight = h, ImageWidth = w, Channels = [16, 32, 64] },
                        r.Options, new ImageAugmentationOptions { MaxRotationDegrees = 5, CropPadding = 1 }, hooks: hooks);
                }
                else
                {
                    preprocessing = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue).Fit(trainSet.Data);
                    trainData = preprocessing.Transform(trainSet.Data);
                    estimator = ml.DeepRoad().Deep.ResNet18Head(task, training: r.Options, hooks: hooks);
                }
                break;
            }
            default:
            {
                if (string.IsNullOrWhiteSpace(r.Label)) throw new ArgumentException($"--label is required for --model {r.Model}.");
                var loaded = DataLoader.LoadFile(ml, r.Train.FullName, new DataLoadOptions { Label = r.Label }, ct);
                task = loaded.Schema.Task ?? throw new ArgumentException($"{r.Train.FullName}: could not infer the task of label '{r.Label}'.");
                info = new TrainedModel.Description(TrainedModel.FormatName, TrainedModel.FormatVersion, r.Model, task, r.Label,
                    loaded.Schema.Label!.ClassNamesInLabelOrder, Images: false, Schema: loaded.Schema);
                rawTrain = loaded.WithPreparedLabel(ml);
                if (r.Model == "mlp")
                {
                    preprocessing = DefaultFeaturizer.Build(ml, loaded.Schema).Fit(rawTrain);
                    trainData = ml.Data.Cache(preprocessing.Transform(rawTrain));
                    estimator = ml.DeepRoad().Deep.Mlp(task, new MlpSpec { HiddenLayers = [128, 64], Dropout = 0.1 }, r.Options, hooks: hooks);
                }
                else
                {
                    string text = r.TextColumn ?? loaded.Schema.ColumnsWithRole(ColumnRole.Text).FirstOrDefault()
                        ?? throw new ArgumentException($"{r.Train.FullName}: no free-text column found for --model {r.Model}; name one with --text-column.");
                    // The tokenizer is not an ML.NET-saveable transformer; the wrapper lets the archive store it.
                    preprocessing = new PersistableTextTokenizer(ml.DeepRoad().TokenizeText(new TextTokenizerOptions { InputColumn = text, MaxLength = 64, MinFrequency = 2 }).Fit(rawTrain));
                    trainData = ml.Data.Cache(preprocessing.Transform(rawTrain));
                    var spec = new RecurrentSpec { Cell = r.Model == "gru" ? RecurrentCell.Gru : RecurrentCell.Lstm };
                    estimator = ml.DeepRoad().Deep.Recurrent(task, spec, r.Options with { GradientClipNorm = 1.0 }, hooks: hooks);
                }
                break;
            }
        }

        var fitted = estimator.Fit(trainData);
        if (!Console.IsErrorRedirected) Console.Error.WriteLine(); // ends the redrawn bar's line
        var deep = fitted as DeepModelTransformer ?? ((Microsoft.ML.Data.TransformerChain<DeepModelTransformer>)fitted).LastTransformer;

        // One file with the preprocessing and the network, so raw rows can be scored after loading.
        var whole = new Microsoft.ML.Data.TransformerChain<ITransformer>(preprocessing is null ? [fitted] : [preprocessing, fitted]);
        Directory.CreateDirectory(r.Out.FullName);
        string modelPath = Path.Combine(r.Out.FullName, "model.zip");
        TrainedModel.Save(modelPath, info, ml, whole, rawTrain.Schema);

        // Metrics come from the saved file, read back in a fresh context, on the raw --test (or --train) file.
        var reloaded = TrainedModel.Load(modelPath, new MLContext(r.Options.Seed));
        var metrics = reloaded.Evaluate((r.Test ?? r.Train).FullName, ct);
        File.WriteAllText(Path.Combine(r.Out.FullName, "metrics.json"), JsonSerializer.Serialize(metrics, new JsonSerializerOptions { WriteIndented = true }));
        WriteCurve(deep.History, r.Out.FullName);
        Console.WriteLine($"{(r.Test is null ? "train" : "test")} metrics (from the saved model): {string.Join(", ", metrics.Select(kv => $"{kv.Key}={kv.Value.ToString("F4", CultureInfo.InvariantCulture)}"))}");
        Console.WriteLine($"wrote {modelPath} (preprocessing + network; score raw files with 'deeproad predict/evaluate --model'), metrics.json, loss.csv, loss.svg");
        return 0;
    }

    private static void WriteCurve(IReadOnlyList<EpochReport> history, string dir)
    {
        var csv = new StringBuilder("epoch,train_loss,validation_loss,validation_metric,learning_rate,seconds\n");
        foreach (var h in history)
            csv.AppendLine(string.Join(',', new[] { h.Epoch, h.TrainLoss, h.ValidationLoss, h.ValidationMetric, h.LearningRate, h.Elapsed.TotalSeconds }
                .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture))));
        File.WriteAllText(Path.Combine(dir, "loss.csv"), csv.ToString());

        var plot = new PlotModel { Title = "Loss per epoch" };
        plot.Legends.Add(new Legend { LegendPosition = LegendPosition.TopRight });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "epoch" });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "loss" });
        var trainSeries = new LineSeries { Title = "train" };
        var validSeries = new LineSeries { Title = "validation" };
        foreach (var h in history)
        {
            trainSeries.Points.Add(new DataPoint(h.Epoch, h.TrainLoss));
            if (!double.IsNaN(h.ValidationLoss)) validSeries.Points.Add(new DataPoint(h.Epoch, h.ValidationLoss));
        }
        plot.Series.Add(trainSeries);
        if (validSeries.Points.Count > 0) plot.Series.Add(validSeries);
        using var fs = File.Create(Path.Combine(dir, "loss.svg"));
        new SvgExporter { Width = 640, Height = 400 }.Export(plot, fs);
    }

    /// <summary>
    /// A one-line text progress bar on stderr, redrawn every epoch; when stderr is redirected (a log file, CI), one line per
    /// epoch instead, since a carriage return cannot redraw there.
    /// </summary>
    private sealed class ProgressBar(int epochs) : IProgress<EpochReport>
    {
        public void Report(EpochReport r)
        {
            const int width = 30;
            int done = (int)Math.Round(width * (double)r.Epoch / epochs);
            string val = double.IsNaN(r.ValidationLoss) ? "" : FormattableString.Invariant($" val {r.ValidationLoss:F4} metric {r.ValidationMetric:F4}");
            string line = FormattableString.Invariant($"[{new string('#', done)}{new string('-', width - done)}] epoch {r.Epoch}/{epochs} loss {r.TrainLoss:F4}{val} ({r.Elapsed.TotalSeconds:F1}s)");
            if (Console.IsErrorRedirected) Console.Error.WriteLine(line);
            else Console.Error.Write("\r" + line + "   ");
        }
    }
}
