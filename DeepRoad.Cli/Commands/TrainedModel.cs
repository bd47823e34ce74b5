using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Cli.Commands;

/// <summary>
/// The one-file model <c>deeproad train</c> writes (<c>model.zip</c>): <c>deeproad-train.json</c> (format, model kind,
/// task, class names and, for tables, the training schema used to read raw CSV rows) and <c>pipeline.zip</c>, the whole
/// fitted pipeline (featurizer or tokenizer or image preprocessing, then the network) saved with
/// <see cref="TransformerArchive"/>. <c>deeproad predict</c> and <c>deeproad evaluate</c> read it from raw files.
/// </summary>
public sealed class TrainedModel
{
    /// <summary>Format name in <c>deeproad-train.json</c>.</summary>
    public const string FormatName = "deeproad-train";

    /// <summary>Format version this build writes and reads.</summary>
    public const int FormatVersion = 1;

    private const string InfoEntry = "deeproad-train.json";
    private const string PipelineEntry = "pipeline.zip";
    // The schema records carry computed views (InferredSchema.Report refers back to the schema): store only settable data.
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                ti =>
                {
                    if (ti.Kind != JsonTypeInfoKind.Object) return;
                    foreach (var p in ti.Properties.Where(p => p.Set is null).ToList()) ti.Properties.Remove(p);
                },
            },
        },
    };

    private readonly MLContext _ml;

    private TrainedModel(MLContext ml, Description info, ITransformer pipeline)
    {
        _ml = ml;
        Info = info;
        Pipeline = pipeline;
    }

    /// <summary>What the file says about the model.</summary>
    public Description Info { get; }

    /// <summary>The fitted pipeline: preprocessing then the network.</summary>
    public ITransformer Pipeline { get; }

    /// <summary>The learning task.</summary>
    public MLTask Task => Info.Task;

    /// <summary>The JSON part of the file.</summary>
    /// <param name="Format">Always <see cref="FormatName"/>.</param>
    /// <param name="FormatVersion">The file's format version.</param>
    /// <param name="Model">mlp, cnn, lstm, gru, resnet18-head, or ensemble-&lt;kind&gt; (deeproad ensemble).</param>
    /// <param name="Task">The learning task.</param>
    /// <param name="LabelColumn">The user's label column (images: Label).</param>
    /// <param name="ClassNames">Class names in the order of the prepared label (binary: negative, positive); empty for regression.</param>
    /// <param name="Images">True when inputs are image lists (ImagePath,Label CSV or a folder per class).</param>
    /// <param name="Schema">For tables: the training schema, used to read raw rows with the same types.</param>
    public sealed record Description(string Format, int FormatVersion, string Model, MLTask Task, string LabelColumn,
        IReadOnlyList<string> ClassNames, bool Images, InferredSchema? Schema);

    /// <summary>True when <paramref name="path"/> is a zip holding <c>deeproad-train.json</c>.</summary>
    public static bool IsTrainedModel(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.GetEntry(InfoEntry) is not null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Writes the model file.</summary>
    public static void Save(string path, Description info, MLContext ml, ITransformer pipeline, DataViewSchema inputSchema) =>
        AtomicFile.Write(path, fs => WriteZip(fs, info, ml, pipeline, inputSchema));

    private static void WriteZip(Stream fs, Description info, MLContext ml, ITransformer pipeline, DataViewSchema inputSchema)
    {
        using var zip = new ZipArchive(fs, ZipArchiveMode.Create, leaveOpen: true);
        using (var s = zip.CreateEntry(InfoEntry).Open()) JsonSerializer.Serialize(s, info with { Format = FormatName, FormatVersion = FormatVersion }, Json);
        using (var s = zip.CreateEntry(PipelineEntry, CompressionLevel.Optimal).Open())
        {
            using var buffer = new MemoryStream();
            TransformerArchive.Save(ml, pipeline, inputSchema, buffer);
            buffer.Position = 0;
            buffer.CopyTo(s);
        }
    }

    /// <summary>Reads a model file written by <see cref="Save"/>.</summary>
    public static TrainedModel Load(string path, MLContext? context = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found.", path);
        var ml = context ?? new MLContext(seed: 0);
        using var zip = ZipFile.OpenRead(path);
        var infoEntry = zip.GetEntry(InfoEntry) ?? throw new DeepRoadDataException($"{path}: not a 'deeproad train' model (no {InfoEntry}).") { File = path };
        Description info;
        using (var s = infoEntry.Open())
            info = JsonSerializer.Deserialize<Description>(s, Json) ?? throw new DeepRoadDataException($"{path}: empty {InfoEntry}.") { File = path };
        if (info.Format != FormatName || info.FormatVersion < 1 || info.FormatVersion > FormatVersion)
            throw new DeepRoadDataException($"{path}: model format '{info.Format}' version {info.FormatVersion} is not supported (this build reads '{FormatName}' 1..{FormatVersion}).") { File = path };
        var pe = zip.GetEntry(PipelineEntry) ?? throw new DeepRoadDataException($"{path}: missing {PipelineEntry}.") { File = path };
        using var ps = pe.Open();
        var pipeline = TransformerArchive.Load(ml, ps, out _);
        return new TrainedModel(ml, info, pipeline);
    }

    /// <summary>Reads a raw file (a CSV/TSV table, or an image list) and scores it; the label is prepared when present.</summary>
    /// <param name="dataPath">The file.</param>
    /// <param name="requireLabel">Fail when the label column is missing (evaluation).</param>
    /// <param name="ct">Cancellation.</param>
    public IDataView Score(string dataPath, bool requireLabel, CancellationToken ct = default)
    {
        IDataView input;
        if (Info.Images)
        {
            input = ImageDataset.Open(_ml, dataPath).Data;
        }
        else
        {
            var schema = Info.Schema ?? throw new DeepRoadDataException("The model file holds no table schema.");
            var loaded = DataLoader.LoadFile(_ml, dataPath, schema, new DataLoadOptions(), ct); // the training schema names the label; it may be absent here
            bool hasLabel = loaded.Data.Schema.GetColumnOrNull(Info.LabelColumn).HasValue;
            if (requireLabel && !hasLabel)
                throw new DeepRoadDataException($"{dataPath}: label column '{Info.LabelColumn}' not found; evaluation needs it.") { File = dataPath, Column = Info.LabelColumn };
            input = hasLabel ? loaded.WithPreparedLabel(_ml) : loaded.Data;
        }
        return Pipeline.Transform(input);
    }

    /// <summary>Metrics on a labelled raw file: accuracy, roc_auc, f1, log_loss (binary); accuracy, macro_accuracy, log_loss (multiclass); rmse, mae, r2.</summary>
    public Dictionary<string, double> Evaluate(string dataPath, CancellationToken ct = default) => Evaluate(_ml, Score(dataPath, requireLabel: true, ct), Task);

    /// <summary>ML.NET's evaluator on scored data, reported under the CLI's metric names.</summary>
    public static Dictionary<string, double> Evaluate(MLContext ml, IDataView scored, MLTask task)
    {
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var m = ml.BinaryClassification.Evaluate(scored);
                return new() { ["accuracy"] = m.Accuracy, ["roc_auc"] = m.AreaUnderRocCurve, ["f1"] = m.F1Score, ["log_loss"] = m.LogLoss };
            }
            case MLTask.MulticlassClassification:
            {
                var m = ml.MulticlassClassification.Evaluate(scored);
                return new() { ["accuracy"] = m.MicroAccuracy, ["macro_accuracy"] = m.MacroAccuracy, ["log_loss"] = m.LogLoss };
            }
            default:
            {
                var m = ml.Regression.Evaluate(scored);
                return new() { ["rmse"] = m.RootMeanSquaredError, ["mae"] = m.MeanAbsoluteError, ["r2"] = m.RSquared };
            }
        }
    }

    /// <summary>
    /// Writes one prediction per input row as CSV, like <c>deeproad predict</c> for AutoML models: the row number, the
    /// predicted label and one probability per class, or the predicted value.
    /// </summary>
    public int WritePredictions(string inputPath, string outputPath, CancellationToken ct = default)
    {
        var scored = Score(inputPath, requireLabel: false, ct);
        var sb = new StringBuilder();
        string label = Csv(Info.LabelColumn);
        var classes = Info.ClassNames;
        int rows = 0;
        switch (Task)
        {
            case MLTask.Regression:
                sb.AppendLine($"row,predicted_{label}");
                foreach (var v in scored.GetColumn<float>("Score"))
                    sb.Append(++rows).Append(',').AppendLine(v.ToString("R", CultureInfo.InvariantCulture));
                break;
            case MLTask.BinaryClassification:
                sb.AppendLine($"row,predicted_{label},{string.Join(",", classes.Select(c => Csv("p_" + c)))}");
                foreach (var p in scored.GetColumn<float>("Probability"))
                    sb.Append(++rows).Append(',').Append(Csv(classes[p > 0.5f ? 1 : 0])).Append(',')
                        .Append(P(1 - p)).Append(',').AppendLine(P(p));
                break;
            default:
                sb.AppendLine($"row,predicted_{label},{string.Join(",", classes.Select(c => Csv("p_" + c)))}");
                foreach (var v in scored.GetColumn<VBuffer<float>>("Score"))
                {
                    var p = v.DenseValues().ToArray();
                    int k = Array.IndexOf(p, p.Max());
                    sb.Append(++rows).Append(',').Append(Csv(k < classes.Count ? classes[k] : k.ToString(CultureInfo.InvariantCulture))).Append(',')
                        .AppendLine(string.Join(",", p.Select(P)));
                }
                break;
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(outputPath, sb.ToString());
        return rows;
    }

    private static string P(float p) => p.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
