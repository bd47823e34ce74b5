using System.Text.Json;
using DeepRoad.AutoML.Data;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;

namespace DeepRoad.AutoML.Export;

/// <summary>
/// Exports a model's members to ONNX with Microsoft.ML.OnnxConverter. A model with one member fitted on all rows
/// becomes exactly one file. A blend (or a member kept as its fold models) becomes one file per member model plus a
/// JSON manifest of weights: average the members' probabilities (or values) with those weights. Members whose
/// pipeline has no ONNX converter (image loading; DeepRoad's own trainers: the forests, naive Bayes, the elastic net,
/// the TorchSharp networks) are listed, not silently dropped, and no file is written for them.
/// </summary>
public static class OnnxExporter
{
    /// <summary>Why ONNX Runtime cannot open <paramref name="file"/>, or null when it can.</summary>
    private static string? LoadError(string file)
    {
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(file);
            return null;
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException ex)
        {
            // ONNX Runtime's message is one long line: a source location, the failed check, then what was wrong. Keep that.
            const string Failed = " was false.";
            string message = ex.Message;
            int at = message.IndexOf(Failed, StringComparison.Ordinal);
            string reason = (at > 0 ? message[(at + Failed.Length)..] : message).Trim().Split('\n')[0];
            return reason.Length > 300 ? reason[..300] + "..." : reason;
        }
    }

    public static OnnxExportResult Export(AutoMLModel model, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        var dir = Path.GetDirectoryName(Path.GetFullPath(onnxPath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var ml = model.Context;
        var input = AutoMLData.Empty(model.Schema);
        var files = new List<string>();
        var failed = new List<string>();
        var entries = new List<object>();
        bool single = model.Members.Count == 1 && model.Transformers[0].Count == 1;
        if (model.Method == FinalMethod.Stacking)
            failed.Add("stacking meta-learner: not exported; the member files are exported, combine their outputs with the DeepRoad model or refit without stacking");
        string stem = Path.Combine(dir ?? ".", Path.GetFileNameWithoutExtension(onnxPath));
        for (int m = 0; m < model.Members.Count; m++)
        {
            var member = model.Members[m];
            var models = model.Transformers[m];
            for (int f = 0; f < models.Count; f++)
            {
                string file = single ? Path.GetFullPath(onnxPath) : $"{stem}.member{member.Trial}{(models.Count > 1 ? $".fold{f}" : "")}.onnx";
                // DeepRoad's own trainers (the forests, naive Bayes, the elastic net, the TorchSharp networks) have no
                // ONNX converter. ML.NET's converter does not refuse them: it writes a file whose Score is an identity
                // of nothing, which ONNX Runtime fails on at the first row. Listed, never written.
                // Image members read files (LoadImages): ML.NET's converter either stops at the image column ("Unsupported
                // type: MLImage") or writes a graph ONNX Runtime refuses, depending on the pixel layout. Listed, never tried.
                if (ImageGate.HasImageSteps(models[f]))
                {
                    failed.Add($"member #{member.Trial} {member.Trainer}{(models.Count > 1 ? $" fold {f}" : "")}: its image steps (LoadImages, ResizeImages, ExtractPixels) read image files and have no ONNX converter; export a model fitted on pixel columns instead");
                    continue;
                }
                if (DeepRoad.Ensembles.Persistence.TransformerArchive.NeedsArchive(models[f]))
                {
                    failed.Add($"member #{member.Trial} {member.Trainer}{(models.Count > 1 ? $" fold {f}" : "")}: DeepRoad's own {member.Trainer} model has no ONNX converter");
                    continue;
                }
                try
                {
                    using (var s = File.Create(file)) ml.Model.ConvertToOnnx(models[f], input, s);
                    // ML.NET's converter can write a graph that ONNX Runtime refuses to load (LightGbm's categorical
                    // splits become tree nodes on feature -1): a file is kept only when ONNX Runtime opens it.
                    if (LoadError(file) is { } refused)
                    {
                        File.Delete(file);
                        failed.Add($"member #{member.Trial} {member.Trainer}{(models.Count > 1 ? $" fold {f}" : "")}: ML.NET's ONNX converter wrote a graph ONNX Runtime cannot load ({refused})"
                            + (member.Description.Contains("CategoricalSplit=1", StringComparison.Ordinal) ? "; LightGbm's categorical splits have no correct ONNX conversion" : ""));
                        continue;
                    }
                    files.Add(file);
                    entries.Add(new { file = Path.GetFileName(file), trial = member.Trial, trainer = member.Trainer.ToString(), weight = member.Weight / models.Count });
                }
                catch (Exception ex)
                {
                    if (File.Exists(file)) File.Delete(file);
                    failed.Add($"member #{member.Trial} {member.Trainer}{(models.Count > 1 ? $" fold {f}" : "")}: {ex.Message}");
                }
            }
        }
        string? manifest = null;
        if (!single && files.Count > 0)
        {
            manifest = onnxPath + ".json";
            File.WriteAllText(manifest, JsonSerializer.Serialize(new
            {
                task = model.Task.ToString(),
                classes = model.ClassNames,
                // The graphs' own PredictedLabel is the arg-max; a tuned threshold is applied to the averaged P(true).
                decision_threshold = model.Task == Pipelines.MLTask.BinaryClassification ? model.DecisionThreshold : (double?)null,
                combine = model.Method == FinalMethod.Stacking ? "stacking: the meta-learner is not exported (see not_exported)" : "weighted average of each file's Probability (binary), Score (multiclass probabilities) or Score (regression) output",
                members = entries,
                not_exported = failed,
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        return new OnnxExportResult(files, manifest, failed);
    }
}
