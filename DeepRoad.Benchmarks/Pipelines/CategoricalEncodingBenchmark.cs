using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Pipelines;

/// <summary>
/// Encodings of categorical columns under LightGbm, on tables with categorical columns: one 0/1 feature per one-hot or
/// hashed slot; LightGbm's own categorical splits over those slots (<see cref="TrainerSpaces.CategoricalSplitParameter"/>);
/// and cross-fitted target encoding above the one-hot limit (<see cref="CategoricalEncoding.Target"/>). LightGbm at its
/// library defaults and at a small-leaf configuration, the featurizer's one-hot limit at 64 and at 1024 distinct values,
/// scored by 5-fold cross-validation of train.csv and on test.csv. Usage:
/// <c>categorical [--data DIR] [--sets a,b] [--seeds N] [--out FILE]</c> (sets and their label and metric from DIR/datasets.json).
/// </summary>
internal static class CategoricalEncodingBenchmark
{
    public static int Run(string[] args)
    {
        string data = BenchArgs.Get(args, "--data") ?? Ensembles.EnsembleBenchmark.DataRoot();
        var sets = (BenchArgs.Get(args, "--sets") ?? "adult,attrition,penguins,sacramento,taxi_fare").Split(',', StringSplitOptions.RemoveEmptyEntries);
        int seeds = int.Parse(BenchArgs.Get(args, "--seeds") ?? "1", CultureInfo.InvariantCulture);
        string? outPath = BenchArgs.Get(args, "--out");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(data, "datasets.json")));
        var meta = doc.RootElement.GetProperty("datasets").EnumerateArray()
            .ToDictionary(d => d.GetProperty("name").GetString()!, d => (Label: d.GetProperty("label").GetString()!, Metric: d.GetProperty("metric").GetString()!));
        (string Name, Dictionary<string, double> Values)[] configs =
        [
            ("defaults", new() { ["NumberOfLeaves"] = 31, ["MinimumExampleCountPerLeaf"] = 20, ["LearningRate"] = 0.1, ["NumberOfIterations"] = 100, ["FeatureFraction"] = 1.0, ["L2Regularization"] = 0.01 }),
            ("small leaves", new() { ["NumberOfLeaves"] = 16, ["MinimumExampleCountPerLeaf"] = 5, ["LearningRate"] = 0.05, ["NumberOfIterations"] = 200, ["FeatureFraction"] = 0.8, ["L2Regularization"] = 1 }),
        ];
        var md = new StringBuilder();
        md.AppendLine($"Categorical encodings under LightGbm: {seeds} x 5-fold CV of train.csv / the test score (higher is better for roc_auc and accuracy, lower for rmse), and the seconds of each whole measurement.");
        md.AppendLine();
        md.AppendLine("| dataset | metric | LightGbm | one-hot up to | hashed above, slots as 0/1 features | hashed above, categorical splits | target-encoded above | seconds (each) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var set in sets)
        {
            if (!meta.TryGetValue(set, out var m)) throw new ArgumentException($"--sets: {set} is not in {Path.Combine(data, "datasets.json")}.");
            var ml = new MLContext(1);
            var train = DataLoader.LoadFile(ml, Path.Combine(data, set, "train.csv"), new DataLoadOptions { Label = m.Label });
            var prepared = train.WithPreparedLabel(ml);
            var test = DataLoader.LoadFile(ml, Path.Combine(data, set, "test.csv"), train.Schema).WithPreparedLabel(ml);
            var task = train.Schema.Label!.Task;
            var metric = MetricNames.Parse(m.Metric);
            var space = TrainerSpaces.LightGbm(task);
            foreach (var (name, values) in configs)
                foreach (int oneHot in new[] { 64, 1024 })
                {
                    var cells = new List<string>();
                    var seconds = new List<string>();
                    foreach (var (categorical, encoding) in new[] { (0, CategoricalEncoding.Hashing), (1, CategoricalEncoding.Hashing), (0, CategoricalEncoding.Target) })
                    {
                        var p = new ParameterSet(values.Append(new(TrainerSpaces.CategoricalSplitParameter, categorical)).ToDictionary(kv => kv.Key, kv => (object)kv.Value));
                        var fo = new FeaturizerOptions { OneHotMaxCardinality = oneHot, HighCardinalityEncoding = encoding, Normalizer = NormalizerKind.None };
                        IEstimator<ITransformer> Estimator() => DefaultFeaturizer.Build(ml, train.Schema, fo).Append(space.Create(ml, p));
                        var sw = Stopwatch.StartNew();
                        double cv = Enumerable.Range(1, seeds).Average(seed => CrossValidator.Run(ml, prepared, Estimator(), task,
                            new CrossValidationOptions { Folds = 5, Seed = seed, Metrics = [metric] }, null, default).PrimaryMean);
                        var scored = Estimator().Fit(prepared).Transform(test);
                        double t = task switch
                        {
                            MLTask.BinaryClassification => ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve,
                            MLTask.MulticlassClassification => ml.MulticlassClassification.Evaluate(scored).MicroAccuracy,
                            _ => ml.Regression.Evaluate(scored).RootMeanSquaredError,
                        };
                        cells.Add(FormattableString.Invariant($"{cv:0.0000} / {t:0.0000}"));
                        seconds.Add(sw.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
                    }
                    string row = $"| {set} | {m.Metric} | {name} | {oneHot} | {cells[0]} | {cells[1]} | {cells[2]} | {string.Join(" / ", seconds)} |";
                    Console.WriteLine(row);
                    md.AppendLine(row);
                }
        }
        if (outPath is not null) File.WriteAllText(outPath, md.ToString());
        return 0;
    }
}
