using System.Diagnostics;
using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Benchmarks.Pipelines;

/// <summary>
/// <c>wide [--columns 30,60,120,240] [--rows 1000] [--out FILE]</c>: how cleaning and featurizing scale with the number of
/// columns. A seeded synthetic table (numeric columns with 10 % missing, one categorical column in six, a binary label)
/// is written per width; DeepRoad fits its cleaning (imputation, indicators, IQR clipping, rare categories) once, then
/// runs a 5-fold cross-validation of the default featurizer (mean imputation with indicators, one-hot, MinMax) and an
/// L-BFGS logistic regression. scikit-learn runs the same 5 folds of SimpleImputer(add_indicator) + OneHotEncoder +
/// MinMaxScaler + LogisticRegression on the same file in the same run (Debian's python3-sklearn).
/// </summary>
public static class WideTableBenchmark
{
    public static int Run(string[] args)
    {
        var widths = (BenchArgs.Get(args, "--columns") ?? "30,60,120,240").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int rows = int.Parse(BenchArgs.Get(args, "--rows") ?? "1000", CultureInfo.InvariantCulture);
        string? output = BenchArgs.Get(args, "--out");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| columns | rows | DeepRoad cleaning fit s | DeepRoad 5-fold CV s | scikit-learn 5-fold CV s | ratio CV DeepRoad / sklearn | DeepRoad ROC-AUC | sklearn ROC-AUC |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (int width in widths)
        {
            string path = Path.Combine(Path.GetTempPath(), $"deeproad_wide_{width}.csv");
            Write(path, width, rows, seed: width);
            var ml = new MLContext(seed: 1);
            var loaded = DataLoader.LoadFile(ml, path, new DataLoadOptions { Label = "y" });
            var watch = Stopwatch.StartNew();
            new CleaningEstimator(ml, loaded.Schema).Fit(loaded.Data);
            double cleaning = watch.Elapsed.TotalSeconds;

            var data = ml.Data.Cache(loaded.WithPreparedLabel(ml));
            // As AutoML's trials: the features are cached before the trainer, which passes over them many times.
            var estimator = DefaultFeaturizer.Build(ml, loaded.Schema, new FeaturizerOptions { Imputation = ImputationKind.Mean, AddMissingIndicators = true })
                .AppendCacheCheckpoint(ml)
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
            watch.Restart();
            var cv = CrossValidator.Run(ml, data, estimator, MLTask.BinaryClassification, new CrossValidationOptions { Folds = 5, Seed = 0, Metrics = [MetricKind.RocAuc] });
            double deepRoad = watch.Elapsed.TotalSeconds;

            var (sk, skAuc) = Sklearn(path);
            string line = string.Create(CultureInfo.InvariantCulture,
                $"| {width} | {rows} | {cleaning:F2} | {deepRoad:F2} | {sk:F2} | {deepRoad / sk:F1} | {cv.PrimaryMean:F4} | {skAuc:F4} |");
            md.AppendLine(line);
            Console.Error.WriteLine(line); // progress: a row as soon as its width is done
            File.Delete(path);
        }
        Console.Write(md.ToString());
        if (output is not null) File.WriteAllText(output, md.ToString());
        return 0;
    }

    private static void Write(string path, int width, int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        sb.AppendJoin(',', Enumerable.Range(0, width).Select(j => j % 6 == 5 ? $"c{j}" : $"n{j}")).Append(",y\n");
        for (int r = 0; r < rows; r++)
        {
            double signal = 0;
            for (int j = 0; j < width; j++)
            {
                if (j > 0) sb.Append(',');
                if (j % 6 == 5)
                {
                    int level = rng.Next(6);
                    if (j == 5) signal += level < 2 ? 1 : 0;
                    if (rng.NextDouble() >= 0.1) sb.Append((char)('a' + level));
                    continue;
                }
                double v = rng.NextDouble() * 2 - 1;
                if (j < 3) signal += v;
                if (rng.NextDouble() >= 0.1) sb.Append(v.ToString("0.000", CultureInfo.InvariantCulture));
            }
            sb.Append(',').Append(signal + rng.NextDouble() - 0.5 > 0.3 ? "yes" : "no").Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }

    private static (double Seconds, double Auc) Sklearn(string path)
    {
        const string script = """
import sys, time
import pandas as pd
from sklearn.compose import make_column_transformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MinMaxScaler, OneHotEncoder
d = pd.read_csv(sys.argv[1])
y = (d.pop("y") == "yes").astype(int)
t = time.perf_counter()
prep = make_column_transformer(
    (make_pipeline(SimpleImputer(strategy="mean", add_indicator=True), MinMaxScaler()), make_column_selector(dtype_include="number")),
    (make_pipeline(SimpleImputer(strategy="most_frequent", add_indicator=True), OneHotEncoder(handle_unknown="ignore")), make_column_selector(dtype_include=object)))
s = cross_val_score(make_pipeline(prep, LogisticRegression(max_iter=1000)), d, y, cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring="roc_auc")
print(time.perf_counter() - t, s.mean())
""";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-");
        psi.ArgumentList.Add(path);
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(script);
        p.StandardInput.Close();
        string outText = p.StandardOutput.ReadToEnd(), err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("scikit-learn peer failed: " + err);
        var parts = outText.Trim().Split(' ');
        return (double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
