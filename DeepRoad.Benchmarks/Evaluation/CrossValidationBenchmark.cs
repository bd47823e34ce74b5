using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Benchmarks.Evaluation;

/// <summary>
/// DeepRoad's CrossValidator (stratified 5-fold, out-of-fold predictions) next to ML.NET's own
/// <c>BinaryClassification.CrossValidate</c> on the same prepared data, estimator and fold count, in one process.
/// Usage: <c>cv [--file PATH] [--repeats N] [--out FILE] [--fold-cache]</c>.
/// </summary>
public static class CrossValidationBenchmark
{
    public static int Run(string[] args)
    {
        string file = BenchArgs.Get(args, "--file") ?? FindShared("adult", "train.csv");
        int repeats = int.Parse(BenchArgs.Get(args, "--repeats") ?? "3", CultureInfo.InvariantCulture);
        string? output = BenchArgs.Get(args, "--out");
        bool cacheFolds = args.Contains("--fold-cache");

        var ml = new MLContext(seed: 1);
        var loaded = DataLoader.LoadFile(ml, file, new DataLoadOptions { Label = "over_50k", PositiveClass = "1" });
        var data = ml.Data.Cache(loaded.WithPreparedLabel(ml));
        int rows = LabelReader.Read(data, MLTask.BinaryClassification).Length;
        var estimator = Featurizer(ml, loaded.Schema, data).Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());

        var deepRoadTimes = new List<double>();
        var mlNetTimes = new List<double>();
        double deepRoadAuc = 0, mlNetAuc = 0, fitSeconds = 0, scoreSeconds = 0;
        for (int r = 0; r < repeats; r++)
        {
            // Alternate the order so neither side always runs on a warmer machine.
            for (int side = 0; side < 2; side++)
            {
                bool deepRoadFirst = r % 2 == 0;
                var watch = Stopwatch.StartNew();
                if ((side == 0) == deepRoadFirst)
                {
                    var result = CrossValidator.Run(ml, data, estimator, MLTask.BinaryClassification,
                        new CrossValidationOptions { Folds = 5, Seed = r, Metrics = [MetricKind.RocAuc], CacheTrainingData = cacheFolds });
                    deepRoadTimes.Add(watch.Elapsed.TotalSeconds);
                    deepRoadAuc = result.PrimaryMean;
                    fitSeconds = result.TotalFitTime.TotalSeconds;
                    scoreSeconds = result.FoldResults.Sum(f => f.ScoreTime.TotalSeconds);
                }
                else
                {
                    var folds = ml.BinaryClassification.CrossValidate(data, estimator, numberOfFolds: 5, seed: r);
                    mlNetTimes.Add(watch.Elapsed.TotalSeconds);
                    mlNetAuc = folds.Average(f => f.Metrics.AreaUnderRocCurve);
                }
            }
        }

        double dr = Median(deepRoadTimes), mn = Median(mlNetTimes);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| method | rows | folds | median seconds ({repeats} runs) | mean fold ROC-AUC | out-of-fold predictions | stratified |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| DeepRoad CrossValidator | {rows} | 5 | {dr:F2} | {deepRoadAuc:F4} | yes | yes |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| ML.NET CrossValidate | {rows} | 5 | {mn:F2} | {mlNetAuc:F4} | no | no |");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Time ratio DeepRoad / ML.NET: {dr / mn:F2}. Last DeepRoad run: fit {fitSeconds:F2} s + score {scoreSeconds:F2} s over its folds.");
        Console.Write(md.ToString());
        if (output is not null) File.WriteAllText(output, md.ToString());
        return 0;
    }

    private static IEstimator<ITransformer> Featurizer(MLContext ml, InferredSchema schema, IDataView data)
    {
        var numeric = schema.ColumnsWithRole(ColumnRole.Numeric).Where(c => data.Schema[c].Type.RawType == typeof(float)).ToArray();
        var categorical = schema.ColumnsWithRole(ColumnRole.Categorical).Where(c => data.Schema[c].Type is TextDataViewType).ToArray();
        return ml.Transforms.ReplaceMissingValues(numeric.Select(c => new InputOutputColumnPair(c)).ToArray())
            .Append(ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_oh", c)).ToArray()))
            .Append(ml.Transforms.Concatenate("Features", numeric.Concat(categorical.Select(c => c + "_oh")).ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string FindShared(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        if (dir is null) throw new DirectoryNotFoundException("DeepRoad.sln not found; pass --file.");
        return Path.Combine([dir.FullName, "..", "shared", "data", .. parts]);
    }
}
