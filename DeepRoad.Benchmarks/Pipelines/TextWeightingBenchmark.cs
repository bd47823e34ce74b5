using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Pipelines;

/// <summary>
/// Text n-gram weighting (<see cref="TextWeighting"/>): words by TF-IDF, binary IDF or sublinear TF-IDF, each without
/// character n-grams and with 1-3-grams of characters by TF-IDF or sublinear TF-IDF,
/// each under an L-BFGS logistic regression (maximum entropy for several classes) at three L2 penalties, scored by
/// 5-fold cross-validation of the training file and on the test file. Usage:
/// <c>text-weighting [--data DIR] [--sets a,b] [--seeds N] [--weightings TfIdf,BinaryIdf,SublinearTfIdf] [--out FILE]</c>
/// (sets need a <c>text</c> and a <c>label</c> column).
/// </summary>
internal static class TextWeightingBenchmark
{
    public static int Run(string[] args)
    {
        string data = BenchArgs.Get(args, "--data") ?? Path.Combine("..", "shared", "data");
        var sets = (BenchArgs.Get(args, "--sets") ?? "wiki_detox_250,sms_spam,fine_foods,corefx_issues").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int seeds = int.Parse(BenchArgs.Get(args, "--seeds") ?? "1", CultureInfo.InvariantCulture);
        string? outPath = BenchArgs.Get(args, "--out");
        var weightings = (BenchArgs.Get(args, "--weightings") ?? "TfIdf,BinaryIdf,SublinearTfIdf").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Enum.Parse<TextWeighting>(w, ignoreCase: true)).ToArray();
        float[] penalties = [0.01f, 0.1f, 1f];
        var md = new StringBuilder();
        md.AppendLine($"Text weighting, {seeds} x 5-fold CV of train.csv and the test score, per L2 penalty (cv / test; ROC-AUC for two classes, accuracy for more).");
        md.AppendLine();
        md.AppendLine("| dataset | weighting | char n-grams | " + string.Join(" | ", penalties.Select(p => $"L2 {p.ToString(CultureInfo.InvariantCulture)}")) + " |");
        md.AppendLine("|---|---|---|" + string.Concat(penalties.Select(_ => "---|")));
        foreach (var set in sets)
        {
            var ml = new MLContext(1);
            var train = DataLoader.LoadFile(ml, Path.Combine(data, set, "train.csv"), new DataLoadOptions { Label = "label" });
            var prepared = train.WithPreparedLabel(ml);
            var test = DataLoader.LoadFile(ml, Path.Combine(data, set, "test.csv"), train.Schema).WithPreparedLabel(ml);
            var task = train.Schema.Label!.Task;
            var metric = task == MLTask.BinaryClassification ? MetricKind.RocAuc : MetricKind.Accuracy;
            foreach (var weighting in weightings)
                foreach (var charWeighting in new TextWeighting?[] { null, TextWeighting.TfIdf, TextWeighting.SublinearTfIdf })
                {
                    int chars = charWeighting is null ? 0 : 3;
                    var cells = new List<string>();
                    foreach (var l2 in penalties)
                    {
                        var fo = new FeaturizerOptions
                        {
                            TextWordWeighting = weighting, TextCharNgramLength = chars, TextMaxNgramsPerLength = 20000,
                            TextCharWeighting = charWeighting ?? TextWeighting.TfIdf,
                        };
                        IEstimator<ITransformer> Estimator() => DefaultFeaturizer.Build(ml, train.Schema, fo).Append(task == MLTask.BinaryClassification
                            ? (IEstimator<ITransformer>)ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l2Regularization: l2, l1Regularization: 0)
                            : ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l2Regularization: l2, l1Regularization: 0));
                        double cv = Enumerable.Range(1, seeds).Average(seed => CrossValidator.Run(ml, prepared, Estimator(), task,
                            new CrossValidationOptions { Folds = 5, Seed = seed, Metrics = [metric] }, null, default).PrimaryMean);
                        var scored = Estimator().Fit(prepared).Transform(test);
                        double t = task == MLTask.BinaryClassification
                            ? ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve
                            : ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
                        cells.Add(FormattableString.Invariant($"{cv:0.0000} / {t:0.0000}"));
                    }
                    string row = $"| {set} | {weighting} | {(charWeighting is { } cw ? $"1-{chars} {DefaultFeaturizer.WeightingText(cw)}" : "none")} | {string.Join(" | ", cells)} |";
                    Console.WriteLine(row);
                    md.AppendLine(row);
                }
        }
        if (outPath is not null) File.WriteAllText(outPath, md.ToString());
        return 0;
    }
}
