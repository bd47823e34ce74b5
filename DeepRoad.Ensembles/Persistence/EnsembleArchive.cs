using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepRoad.Ensembles.Graph;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Persistence;

/// <summary>
/// One zip per ensemble: <c>manifest.json</c> (format version, kind, task, class names, node graph,
/// weights, meta-learner) and <c>models/N.zip</c>, each member written by <see cref="TransformerArchive"/>: a plain
/// ML.NET model when ML.NET can save it, otherwise (a member holding an <see cref="IPersistableTransformer"/>, such as a
/// TorchSharp model) a transformer archive; the manifest then says format version 2.
/// </summary>
internal static class EnsembleArchive
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Save(EnsembleModel model, Stream stream)
    {
        // Nodes in post-order so that loading can build children first.
        var order = new List<PredictionNode>();
        var ids = new Dictionary<PredictionNode, int>(ReferenceEqualityComparer.Instance);
        void Visit(PredictionNode n)
        {
            if (ids.ContainsKey(n)) return;
            foreach (var c in n.Children) Visit(c);
            ids[n] = order.Count;
            order.Add(n);
        }
        Visit(model.Root);
        foreach (var m in model.MemberEntries) Visit(m.Node);

        var task = model.TaskInfo;
        var manifest = new EnsembleManifest
        {
            // Version 1 readers can read every file whose members are plain ML.NET models.
            FormatVersion = model.MemberEntries.Select(m => m.Node).Concat([model.Root]).Any(NeedsArchive) ? EnsembleModel.FormatVersion : 1,
            Kind = model.Kind.ToString(),
            Task = task.Task.ToString(),
            LabelColumn = task.LabelColumn,
            Classes = task.Classes,
            ClassNames = [.. task.ClassNames],
            InputColumns = [.. model.InputColumns],
            MetaLearner = model.MetaLearner,
            Layers = model.Layers,
            OutOfBagScore = model.OutOfBagScore,
            OutOfBagMetric = model.OutOfBagMetric?.ToString(),
            StopReason = model.StopReason,
            Root = ids[model.Root],
            Members = model.MemberEntries.Select(m => new EnsembleManifest.MemberEntryDto
            {
                Name = m.Info.Name, Layer = m.Info.Layer, Weight = m.Info.Weight, Node = ids[m.Node],
            }).ToList(),
        };

        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var node in order)
        {
            int id = ids[node];
            switch (node)
            {
                case ModelNode mn:
                {
                    string entry = $"models/{id}.zip";
                    var e = zip.CreateEntry(entry, CompressionLevel.NoCompression);
                    using (var es = e.Open())
                    using (var buffer = new MemoryStream())
                    {
                        TransformerArchive.Save(model.Context, mn.Model, mn.TrainSchema, buffer);
                        buffer.Position = 0;
                        buffer.CopyTo(es);
                    }
                    manifest.Nodes.Add(new EnsembleManifest.NodeEntry
                    {
                        Id = id, Type = "model", Name = mn.Name, Entry = entry, Mode = mn.Mode.ToString(),
                        Features = mn.Features is null ? null : new EnsembleManifest.FeatureEntry
                        {
                            Column = mn.Features.Column,
                            Stacked = mn.Features.Stacked.Select(s => ids[s]).ToList(),
                            BinaryDropFirst = mn.Features.BinaryDropFirst,
                            OriginalSlots = mn.Features.OriginalSlots,
                        },
                    });
                    break;
                }
                case CombinerNode cn:
                    manifest.Nodes.Add(new EnsembleManifest.NodeEntry
                    {
                        Id = id, Type = "combiner", Combine = cn.Mode.ToString(),
                        Children = cn.Members.Select(c => ids[c]).ToList(), Weights = [.. cn.Weights],
                    });
                    break;
                default:
                    throw new InvalidOperationException($"Unknown node type {node.GetType().Name}.");
            }
        }
        var me = zip.CreateEntry("manifest.json");
        using var ms = me.Open();
        JsonSerializer.Serialize(ms, manifest, Json);
    }

    /// <summary>True when a node or any node below it holds a model that needs a transformer archive.</summary>
    private static bool NeedsArchive(PredictionNode node) =>
        (node is ModelNode mn && TransformerArchive.NeedsArchive(mn.Model)) || node.Children.Any(NeedsArchive);

    public static EnsembleModel Load(MLContext context, Stream stream, string source)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            throw new DeepRoadDataException($"{source}: not an ensemble file (not a zip: {ex.Message}).", ex) { File = source };
        }
        using (zip)
        {
            var me = zip.GetEntry("manifest.json")
                ?? throw new DeepRoadDataException($"{source}: not an ensemble file (no manifest.json).") { File = source };
            EnsembleManifest manifest;
            using (var ms = me.Open())
                manifest = JsonSerializer.Deserialize<EnsembleManifest>(ms, Json)
                    ?? throw new DeepRoadDataException($"{source}: empty manifest.json.") { File = source };
            if (manifest.FormatVersion < 1 || manifest.FormatVersion > EnsembleModel.FormatVersion)
                throw new DeepRoadDataException(
                    $"{source}: ensemble format version {manifest.FormatVersion} is not supported (this build reads 1..{EnsembleModel.FormatVersion}).") { File = source };

            var mlTask = Enum.Parse<MLTask>(manifest.Task);
            var task = new TaskInfo(mlTask, manifest.Classes, manifest.LabelColumn, manifest.ClassNames);
            var nodes = new Dictionary<int, PredictionNode>();
            foreach (var n in manifest.Nodes)
            {
                switch (n.Type)
                {
                    case "model":
                    {
                        var entry = zip.GetEntry(n.Entry ?? "")
                            ?? throw new DeepRoadDataException($"{source}: missing model entry '{n.Entry}'.") { File = source };
                        using var buffer = new MemoryStream();
                        using (var es = entry.Open()) es.CopyTo(buffer);
                        buffer.Position = 0;
                        ITransformer transformer;
                        DataViewSchema schema;
                        try
                        {
                            transformer = TransformerArchive.Load(context, buffer, $"{source}!{n.Entry}", out schema);
                        }
                        catch (Exception ex) when (ex is not DeepRoadDataException)
                        {
                            throw new DeepRoadDataException($"{source}: cannot load member '{n.Name}' ({n.Entry}): {ex.Message}", ex) { File = source };
                        }
                        FeatureSpec? features = n.Features is null ? null : new FeatureSpec(
                            n.Features.Column, n.Features.Stacked.Select(id => nodes[id]).ToArray(),
                            n.Features.BinaryDropFirst, n.Features.OriginalSlots);
                        nodes[n.Id] = new ModelNode(n.Name ?? $"model{n.Id}", transformer, schema,
                            Enum.Parse<OutputMode>(n.Mode ?? nameof(OutputMode.Probabilities)), task, features);
                        break;
                    }
                    case "combiner":
                        nodes[n.Id] = new CombinerNode((n.Children ?? []).Select(id => nodes[id]).ToArray(),
                            (n.Weights ?? []).ToArray(), Enum.Parse<CombineMode>(n.Combine ?? nameof(CombineMode.Average)), task);
                        break;
                    default:
                        throw new DeepRoadDataException($"{source}: unknown node type '{n.Type}'.") { File = source };
                }
            }
            var members = manifest.Members.Select(m => new MemberEntry(new EnsembleMemberInfo(m.Name, m.Layer, m.Weight), nodes[m.Node])).ToArray();
            return new EnsembleModel(context, Enum.Parse<EnsembleKind>(manifest.Kind), task, nodes[manifest.Root], members,
                manifest.MetaLearner, manifest.Layers, manifest.InputColumns)
            {
                OutOfBagScore = manifest.OutOfBagScore,
                OutOfBagMetric = manifest.OutOfBagMetric is null ? null : Enum.Parse<MetricKind>(manifest.OutOfBagMetric),
                StopReason = manifest.StopReason,
            };
        }
    }
}
