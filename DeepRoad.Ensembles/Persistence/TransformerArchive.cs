using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Persistence;

/// <summary>
/// Saves and loads a fitted ML.NET model that may contain <see cref="IPersistableTransformer"/>s (TorchSharp
/// models of DeepRoad.Deep, DeepRoad ensembles) anywhere in its <c>TransformerChain</c>s, as one file.
/// A model made only of ML.NET transformers is written as a plain ML.NET model (readable by
/// <c>mlContext.Model.Load</c>). Otherwise the file is a zip: <c>transformers.json</c> (format, version and the
/// parts in order), <c>input-schema.zip</c> (the input schema, as an empty ML.NET model) and one entry per part:
/// a run of ML.NET transformers saved with <c>mlContext.Model.Save</c>, or a persistable transformer's own stream
/// together with its type name. Loading rebuilds the chain; predictions are identical to the saved model's.
/// </summary>
public static class TransformerArchive
{
    /// <summary>The archive format name written to <c>transformers.json</c>.</summary>
    public const string FormatName = "deeproad-transformers";

    /// <summary>The archive format version this build writes (and the highest it reads).</summary>
    public const int FormatVersion = 1;

    private const string ManifestEntry = "transformers.json";
    private const string SchemaEntry = "input-schema.zip";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly MethodInfo LoadPartMethod =
        typeof(TransformerArchive).GetMethod(nameof(LoadPart), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>True when <paramref name="model"/> holds a transformer that ML.NET's model format cannot write.</summary>
    public static bool NeedsArchive(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Flatten(model).Any(t => t is IPersistableTransformer);
    }

    /// <summary>Saves <paramref name="model"/> (fitted on data with <paramref name="inputSchema"/>) to a file.</summary>
    public static void Save(MLContext context, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        AtomicFile.Write(path, fs => Save(context, model, inputSchema, fs));
    }

    /// <summary>Saves <paramref name="model"/> (fitted on data with <paramref name="inputSchema"/>) to a stream.</summary>
    public static void Save(MLContext context, ITransformer model, DataViewSchema inputSchema, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        ArgumentNullException.ThrowIfNull(stream);
        if (!NeedsArchive(model))
        {
            context.Model.Save(model, inputSchema, stream);
            return;
        }

        var manifest = new Manifest { Format = FormatName, FormatVersion = FormatVersion };
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        WriteEntry(zip, SchemaEntry, s => context.Model.Save(new TransformerChain<ITransformer>(), inputSchema, s));

        var schema = inputSchema;
        var run = new List<ITransformer>();
        var runSchema = schema;
        void FlushRun()
        {
            if (run.Count == 0) return;
            string entry = $"parts/{manifest.Parts.Count}.zip";
            var chain = new TransformerChain<ITransformer>(run.ToArray());
            WriteEntry(zip, entry, s => context.Model.Save(chain, runSchema, s));
            manifest.Parts.Add(new Part { Kind = PartKind.MlNet, Entry = entry });
            run.Clear();
        }
        foreach (var t in Flatten(model))
        {
            if (t is IPersistableTransformer p)
            {
                FlushRun();
                var type = p.GetType();
                CheckLoadable(type);
                string entry = $"parts/{manifest.Parts.Count}.bin";
                WriteEntry(zip, entry, p.Save);
                manifest.Parts.Add(new Part { Kind = PartKind.Persistable, Entry = entry, Type = $"{type.FullName}, {type.Assembly.GetName().Name}" });
            }
            else
            {
                if (run.Count == 0) runSchema = schema;
                run.Add(t);
            }
            schema = t.GetOutputSchema(schema);
        }
        FlushRun();
        WriteEntry(zip, ManifestEntry, s => JsonSerializer.Serialize(s, manifest, Json));
    }

    /// <summary>Loads a model written by <see cref="Save(MLContext, ITransformer, DataViewSchema, string)"/> (or any ML.NET model file).</summary>
    public static ITransformer Load(MLContext context, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found.", path);
        using var fs = File.OpenRead(path);
        return Load(context, fs, path, out inputSchema);
    }

    /// <summary>Loads a model written by <see cref="Save(MLContext, ITransformer, DataViewSchema, Stream)"/> (or any ML.NET model stream).</summary>
    public static ITransformer Load(MLContext context, Stream stream, out DataViewSchema inputSchema) =>
        Load(context, stream, "<stream>", out inputSchema);

    internal static ITransformer Load(MLContext context, Stream stream, string source, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stream);
        // Zip entries need a seekable stream; ML.NET needs the whole model anyway.
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        ZipArchive zip;
        try { zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException ex) { throw new DeepRoadDataException($"{source}: not a model file (not a zip: {ex.Message}).", ex) { File = source }; }
        Manifest? manifest;
        using (zip)
        {
            var me = zip.GetEntry(ManifestEntry);
            if (me is null)
            {
                buffer.Position = 0;
                return context.Model.Load(buffer, out inputSchema);
            }
            using (var ms = me.Open())
                manifest = JsonSerializer.Deserialize<Manifest>(ms, Json);
            if (manifest is null || manifest.Format != FormatName)
                throw new DeepRoadDataException($"{source}: {ManifestEntry} does not describe a '{FormatName}' archive.") { File = source };
            if (manifest.FormatVersion < 1 || manifest.FormatVersion > FormatVersion)
                throw new DeepRoadDataException($"{source}: transformer archive version {manifest.FormatVersion} is not supported (this build reads 1..{FormatVersion}).") { File = source };

            using (var s = OpenEntry(zip, SchemaEntry, source)) context.Model.Load(s, out inputSchema);
            var parts = new List<ITransformer>();
            foreach (var part in manifest.Parts)
            {
                using var s = OpenEntry(zip, part.Entry, source);
                switch (part.Kind)
                {
                    case PartKind.MlNet:
                        parts.AddRange(Flatten(context.Model.Load(s, out _)));
                        break;
                    case PartKind.Persistable:
                        parts.Add(LoadPersistable(context, part.Type, s, source));
                        break;
                    default:
                        throw new DeepRoadDataException($"{source}: unknown part kind '{part.Kind}' in {ManifestEntry}.") { File = source };
                }
            }
            return parts.Count == 1 && parts[0] is IPersistableTransformer ? parts[0] : new TransformerChain<ITransformer>(parts.ToArray());
        }
    }

    /// <summary>The leaves of nested transformer chains, in order.</summary>
    internal static IEnumerable<ITransformer> Flatten(ITransformer model)
    {
        // A chain that is itself persistable (none today) is kept whole.
        if (model is IEnumerable<ITransformer> chain && model is not IPersistableTransformer)
        {
            foreach (var t in chain)
                foreach (var leaf in Flatten(t))
                    yield return leaf;
        }
        else
        {
            yield return model;
        }
    }

    private static void CheckLoadable(Type type)
    {
        var expected = typeof(IPersistableTransformer<>).MakeGenericType(type);
        if (!expected.IsAssignableFrom(type))
            throw new InvalidOperationException(
                $"{type.FullName} implements IPersistableTransformer but not IPersistableTransformer<{type.Name}>, so it could not be loaded back; implement the generic interface.");
    }

    private static ITransformer LoadPersistable(MLContext context, string? typeName, Stream stream, string source)
    {
        if (string.IsNullOrEmpty(typeName))
            throw new DeepRoadDataException($"{source}: a persistable part in {ManifestEntry} names no type.") { File = source };
        Type? type;
        try { type = Type.GetType(typeName, throwOnError: false); }
        catch (Exception ex) when (ex is FileLoadException or BadImageFormatException)
        {
            throw new DeepRoadDataException($"{source}: cannot load type '{typeName}': {ex.Message}", ex) { File = source };
        }
        if (type is null)
            throw new DeepRoadDataException(
                $"{source}: the model needs type '{typeName}', which is not available; reference its assembly (for deep models the DeepRoad.Deep package).") { File = source };
        if (!typeof(IPersistableTransformer).IsAssignableFrom(type) || !typeof(IPersistableTransformer<>).MakeGenericType(type).IsAssignableFrom(type))
            throw new DeepRoadDataException($"{source}: type '{typeName}' is not an IPersistableTransformer<{type.Name}>; refusing to load it.") { File = source };
        var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        buffer.Position = 0;
        try
        {
            return (ITransformer)LoadPartMethod.MakeGenericMethod(type).Invoke(null, [context, buffer])!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw new DeepRoadDataException($"{source}: cannot read the '{type.Name}' part: {ex.InnerException.Message}", ex.InnerException) { File = source };
        }
    }

    private static T LoadPart<T>(MLContext context, Stream stream) where T : IPersistableTransformer<T> => T.Load(context, stream);

    private static Stream OpenEntry(ZipArchive zip, string? name, string source)
    {
        var e = zip.GetEntry(name ?? "") ?? throw new DeepRoadDataException($"{source}: missing entry '{name}'.") { File = source };
        var buffer = new MemoryStream();
        using (var s = e.Open()) s.CopyTo(buffer);
        buffer.Position = 0;
        return buffer;
    }

    private static void WriteEntry(ZipArchive zip, string name, Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        buffer.Position = 0;
        using var es = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        buffer.CopyTo(es);
    }

    private enum PartKind
    {
        MlNet,
        Persistable,
    }

    private sealed class Manifest
    {
        public string Format { get; set; } = "";
        public int FormatVersion { get; set; }
        public List<Part> Parts { get; set; } = [];
    }

    private sealed class Part
    {
        [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PartKind>))]
        public PartKind Kind { get; set; }
        public string? Entry { get; set; }
        public string? Type { get; set; }
    }
}
