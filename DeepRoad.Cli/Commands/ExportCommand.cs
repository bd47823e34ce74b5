using System.CommandLine;
using DeepRoad.AutoML;
using DeepRoad.AutoML.Export;

namespace DeepRoad.Cli.Commands;

/// <summary><c>deeproad export --model model.zip --onnx FILE</c>: ONNX export, naming any member that cannot be exported.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model.zip written by automl.", Required = true };
        var onnx = new Option<string>("--onnx") { Description = "ONNX file to write (a blend writes one file per member plus FILE.json with the weights).", Required = true };
        var cmd = new Command("export", "Export a saved model to ONNX.");
        cmd.Options.Add(model);
        cmd.Options.Add(onnx);
        cmd.SetAction((p, ct) =>
        {
            var mp = p.GetValue(model)!;
            if (!File.Exists(mp)) throw new FileNotFoundException($"--model: {mp}: file not found.", mp);
            var loaded = AutoMLModel.Load(mp);
            var result = OnnxExporter.Export(loaded, p.GetValue(onnx)!);
            foreach (var f in result.Files) Console.WriteLine($"wrote {f}");
            if (result.Manifest is not null) Console.WriteLine($"wrote {result.Manifest} (member weights: average the members' outputs with them)");
            foreach (var n in result.NotExported) Console.WriteLine($"NOT exported: {n}");
            if (loaded.Task == Pipelines.MLTask.BinaryClassification && loaded.DecisionThreshold != Pipelines.Metrics.DecisionThreshold.Default)
                Console.WriteLine($"note: the model's decision threshold is {loaded.DecisionThreshold.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}; " +
                    "the ONNX graphs' PredictedLabel is at 0.5, so predict the positive class where the (averaged) probability is above the threshold.");
            if (result.Files.Count == 0) { Console.Error.WriteLine("error: no member of this model can be exported to ONNX."); return Task.FromResult(3); }
            return Task.FromResult(result.Complete ? 0 : 1);
        });
        return cmd;
    }
}
