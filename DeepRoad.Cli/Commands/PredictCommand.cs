using System.CommandLine;
using System.Globalization;
using System.Text;
using DeepRoad.AutoML;
using DeepRoad.Pipelines;

namespace DeepRoad.Cli.Commands;

/// <summary><c>deeproad predict --model model.zip --input FILE --output FILE</c>: one prediction per input row.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "model.zip written by automl, train or ensemble.", Required = true };
        var input = new Option<string>("--input") { Description = "CSV/TSV with the model's input columns (label optional), or for an image model a folder of images (or of class sub-folders).", Required = true };
        var output = new Option<string>("--output") { Description = "CSV to write: the input row number (and image file, for a folder), predicted label and class probabilities, or the predicted value.", Required = true };
        var threshold = ThresholdOption();
        var cmd = new Command("predict", "Predict every row of a file with a saved model.");
        cmd.Options.Add(model);
        cmd.Options.Add(input);
        cmd.Options.Add(output);
        cmd.Options.Add(threshold);
        cmd.SetAction((p, ct) => Task.FromResult(Run(p.GetValue(model)!, p.GetValue(input)!, p.GetValue(output)!, p.GetValue(threshold))));
        return cmd;
    }

    /// <summary>--threshold for predict and evaluate: a binary AutoML model's decision threshold on P(true), instead of the one saved with it.</summary>
    internal static Option<double?> ThresholdOption() => new("--threshold")
    {
        Description = "Binary AutoML models: predict the positive class where its probability is above this (0 to 1), instead of the model's own threshold (0.5 unless automl tuned it).",
    };

    /// <summary>Loads an AutoML model and applies --threshold when given; errors name the option.</summary>
    internal static AutoMLModel LoadWithThreshold(string modelPath, double? threshold)
    {
        var m = AutoMLModel.Load(modelPath);
        if (threshold is not { } t) return m;
        if (m.Task != MLTask.BinaryClassification)
            throw new ArgumentException($"--threshold applies to binary classification; {modelPath} is a {m.Task} model.");
        if (!(t >= 0 && t <= 1)) throw new ArgumentException($"--threshold must be between 0 and 1, got {t.ToString(CultureInfo.InvariantCulture)}.");
        return m.WithDecisionThreshold(t);
    }

    public static int Run(string modelPath, string inputPath, string outputPath, double? threshold = null)
    {
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"--model: {modelPath}: file not found.", modelPath);
        bool folder = Directory.Exists(inputPath);
        if (!File.Exists(inputPath) && !folder) throw new FileNotFoundException($"--input: {inputPath}: file not found.", inputPath);
        if (TrainedModel.IsTrainedModel(modelPath))
        {
            if (threshold is not null) throw new ArgumentException($"--threshold applies to models written by automl or ensemble; {modelPath} was written by deeproad train.");
            int n = TrainedModel.Load(modelPath).WritePredictions(inputPath, outputPath);
            Console.WriteLine($"wrote {n} predictions to {outputPath}");
            return 0;
        }
        var m = LoadWithThreshold(modelPath, threshold);
        var preds = m.PredictFile(inputPath);
        // A folder's rows are its images, in the order the loader read them: each prediction names its file.
        var files = folder ? DeepRoad.Pipelines.Loading.ImageFolder.List(inputPath).Select(f => f.Path).ToList() : null;
        var sb = new StringBuilder();
        var classes = m.ClassNames;
        string first = folder ? "row,file" : "row";
        if (m.Task == MLTask.Regression) sb.AppendLine(first + ",predicted_" + Csv(m.LabelColumn));
        else sb.AppendLine(first + ",predicted_" + Csv(m.LabelColumn) + "," + string.Join(",", classes.Select(c => Csv("p_" + c))));
        for (int i = 0; i < preds.Count; i++)
        {
            var p = preds[i];
            sb.Append(i + 1).Append(',');
            if (files is not null) sb.Append(Csv(files[i])).Append(',');
            if (m.Task == MLTask.Regression) sb.Append(p.Value.ToString("R", CultureInfo.InvariantCulture));
            else sb.Append(Csv(p.PredictedLabel!)).Append(',').Append(string.Join(",", classes.Select(c => p.Probabilities[c].ToString("0.######", CultureInfo.InvariantCulture))));
            sb.AppendLine();
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(outputPath, sb.ToString());
        Console.WriteLine($"wrote {preds.Count} predictions to {outputPath}");
        return 0;
    }

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
