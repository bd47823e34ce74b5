using System.CommandLine;
using System.Globalization;
using DeepRoad.AutoML;

namespace DeepRoad.Cli.Commands;

/// <summary><c>deeproad evaluate --model model.zip --test FILE</c>: prints the test metrics.</summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model.zip written by automl or train.", Required = true };
        var test = new Option<string>("--test") { Description = "Labelled CSV/TSV file, or a folder with one sub-folder of images per class.", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the metrics as metrics.json to this path." };
        var threshold = PredictCommand.ThresholdOption();
        var cmd = new Command("evaluate", "Score a saved model on a labelled file.");
        cmd.Options.Add(threshold);
        cmd.Options.Add(model);
        cmd.Options.Add(test);
        cmd.Options.Add(json);
        cmd.SetAction((p, ct) =>
        {
            var mp = p.GetValue(model)!;
            var tp = p.GetValue(test)!;
            if (!File.Exists(mp)) throw new FileNotFoundException($"--model: {mp}: file not found.", mp);
            if (!File.Exists(tp) && !Directory.Exists(tp)) throw new FileNotFoundException($"--test: {tp}: file not found.", tp);
            var th = p.GetValue(threshold);
            if (TrainedModel.IsTrainedModel(mp))
            {
                if (th is not null) throw new ArgumentException($"--threshold applies to models written by automl or ensemble; {mp} was written by deeproad train.");
                var trained = TrainedModel.Load(mp);
                var deepMetrics = trained.Evaluate(tp, ct);
                Console.WriteLine($"{trained.Task} on {tp} ({trained.Info.Model} from deeproad train):");
                foreach (var (k, v) in deepMetrics) Console.WriteLine($"  {k,-14} {v.ToString("0.######", CultureInfo.InvariantCulture)}");
                if (p.GetValue(json) is { } dj) File.WriteAllText(dj, System.Text.Json.JsonSerializer.Serialize(deepMetrics, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(0);
            }
            var m = PredictCommand.LoadWithThreshold(mp, th);
            var metrics = m.Evaluate(tp);
            string at = m.Task == Pipelines.MLTask.BinaryClassification ? $", decision threshold {m.DecisionThreshold.ToString("0.####", CultureInfo.InvariantCulture)}" : "";
            Console.WriteLine($"{m.Task} on {tp} ({m.Members.Count} member(s){at}):");
            foreach (var (k, v) in metrics) Console.WriteLine($"  {k,-9} {v.ToString("0.######", CultureInfo.InvariantCulture)}");
            if (p.GetValue(json) is { } j) AutomlCommand.WriteMetricsJson(j, m.Task, metrics);
            return Task.FromResult(0);
        });
        return cmd;
    }
}
