using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepRoad.Deep.Runtime;
using DeepRoad.Deep.Training;
using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Estimators;

/// <summary>
/// A trained deep model as an ML.NET transformer. <see cref="Transform"/> appends the usual scored columns:
/// binary <c>Score</c> (logit), <c>Probability</c>, <c>PredictedLabel</c> (Boolean); multiclass <c>Score</c>
/// (class probabilities in key order) and <c>PredictedLabel</c> (the label's key type); regression <c>Score</c>.
/// Persistence is one self-contained stream: <see cref="Save(Stream)"/> / <see cref="Load(MLContext, Stream)"/>
/// (settings, input layout, normalisation and weights). ML.NET's <c>mlContext.Model.Save</c> cannot write it (ML.NET
/// keeps third-party model loaders internal), so save a pipeline holding it, for example featurizer + network, with
/// <see cref="TransformerArchive"/> (one file; plain ML.NET parts stay ML.NET models); DeepRoad ensembles use the same
/// mechanism for their members.
/// </summary>
public sealed class DeepModelTransformer : IPersistableTransformer<DeepModelTransformer>, IDisposable
{
    private const string Magic = "DeepRoad.DeepModel/1";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };
    private readonly object _gate = new();
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly Device _device;

    internal DeepModelTransformer(MLContext context, ModelHeader header, nn.Module<Tensor, Tensor> model, IReadOnlyList<EpochReport> history)
    {
        Context = context;
        Header = header;
        _model = model;
        _model.eval();
        _device = header.Settings.Training.Device.ToTorchDevice();
        _model.to(_device);
        History = history;
    }

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }

    /// <summary>Settings the model was trained with.</summary>
    public DeepEstimatorSettings Settings => Header.Settings;

    /// <summary>Per-epoch reports of the training run (empty after loading).</summary>
    public IReadOnlyList<EpochReport> History { get; }

    /// <summary>Class names in key order (multiclass with text key values), else null.</summary>
    public IReadOnlyList<string>? ClassNames => Header.ClassNames;

    internal ModelHeader Header { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        Header.Layout.CheckMatches(inputSchema);
        return DeepScoredDataView.BuildSchema(inputSchema, Header);
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Header.Layout.CheckMatches(input.Schema);
        return new DeepScoredDataView(input, this);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        Header.Layout.CheckMatches(inputSchema);
        return new DeepRowMapper(this, inputSchema);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("ML.NET's Model.Save cannot write a DeepRoad deep model: save the model or a pipeline containing it with DeepRoad.Ensembles.Persistence.TransformerArchive.Save (or DeepModelTransformer.Save for the network alone).");

    /// <summary>
    /// Raw network outputs for <paramref name="rows"/> input rows (row-major, <c>Layout.Width</c> values each):
    /// binary one logit per row, multiclass k probabilities per row, regression the value in label units.
    /// </summary>
    internal float[] Predict(float[] x, int rows)
    {
        var h = Header;
        int width = h.Layout.Width;
        if (h.Mean is not null)
        {
            x = (float[])x.Clone();
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < h.Mean.Length; j++)
                    x[r * width + j] = (x[r * width + j] - h.Mean[j]) / h.Std![j];
        }
        int outputs = h.Settings.Task == MLTask.MulticlassClassification ? h.Classes : 1;
        var result = new float[rows * outputs];
        lock (_gate)
        {
            using var noGrad = torch.no_grad();
            const int chunk = 1024;
            for (int start = 0; start < rows; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                int b = Math.Min(chunk, rows - start);
                var t = Tensors.FromRows(x.AsSpan(start * width, b * width).ToArray(), b, width, _device);
                var o = _model.forward(t);
                if (h.Settings.Task == MLTask.MulticlassClassification) o = nn.functional.softmax(o, 1);
                else if (h.Settings.Task == MLTask.Regression)
                {
                    // Held scalars, never temporaries (see Training/Scalars).
                    using var std = h.TargetStd.ToScalar();
                    using var mean = h.TargetMean.ToScalar();
                    o = o.mul(std).add(mean, Scalars.One);
                }
                o.cpu().data<float>().CopyTo(result, start * outputs);
            }
        }
        return result;
    }

    /// <summary>Writes settings, input layout, normalisation and weights to <paramref name="stream"/>.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(JsonSerializer.Serialize(Header, Json));
        lock (_gate) _model.save(writer);
        writer.Flush();
    }

    /// <summary>Saves to a file.</summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Reads a model written by <see cref="Save(Stream)"/>; predictions are identical to the saved model's.</summary>
    public static DeepModelTransformer Load(MLContext context, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stream);
        TorchRuntime.EnsureLoaded();
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        string magic;
        try { magic = reader.ReadString(); }
        catch (EndOfStreamException ex) { throw new InvalidDataException("Not a DeepRoad deep model (stream too short).", ex); }
        if (magic != Magic) throw new InvalidDataException($"Not a DeepRoad deep model (header '{magic}').");
        var header = JsonSerializer.Deserialize<ModelHeader>(reader.ReadString(), Json)
            ?? throw new InvalidDataException("Corrupt DeepRoad deep model header.");
        int outputs = header.Settings.Task == MLTask.MulticlassClassification ? header.Classes : 1;
        var model = header.Settings.Network.Build(header.Layout.Width, outputs, header.Layout.Cardinalities);
        model.load(reader);
        return new DeepModelTransformer(context, header, model, []);
    }

    /// <summary>Loads from a file.</summary>
    public static DeepModelTransformer Load(MLContext context, string path)
    {
        using var fs = File.OpenRead(path);
        return Load(context, fs);
    }

    /// <summary>Frees the native weights.</summary>
    public void Dispose() => _model.Dispose();
}
