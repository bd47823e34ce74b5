using System.Diagnostics;
using System.Globalization;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Benchmarks.Pipelines;

/// <summary>
/// Seconds to fit <see cref="DefaultFeaturizer"/> on a file's rows and to featurize them (one pass over Features), and
/// the stored values per row and what the fitted featurizer holds, for a few text configurations. Usage:
/// <c>featurize --file train.csv --label COL [--rows N]</c>. The scikit-learn side: <c>benchmarks/featurize_peer.py FILE TEXT_COLUMN</c>.
/// </summary>
internal static class FeaturizeBenchmark
{
    public static int Run(string[] args)
    {
        string file = BenchArgs.Get(args, "--file") ?? throw new ArgumentException("--file is required");
        string label = BenchArgs.Get(args, "--label") ?? throw new ArgumentException("--label is required");
        var ml = new MLContext(1);
        var loaded = DataLoader.LoadFile(ml, file, new DataLoadOptions { Label = label });
        var data = loaded.WithPreparedLabel(ml);
        if (BenchArgs.Get(args, "--rows") is { } r) data = ml.Data.TakeRows(data, long.Parse(r, CultureInfo.InvariantCulture));
        var configs = new (string Name, FeaturizerOptions Options)[]
        {
            ("word 1-2", new FeaturizerOptions { TextCharNgramLength = 0, Normalizer = NormalizerKind.None }),
            ("word 1-2, top 5000", new FeaturizerOptions { TextCharNgramLength = 0, TextMaxNgramsPerLength = 5000, Normalizer = NormalizerKind.None }),
            ("word 1-2, char 1-3, top 5000", new FeaturizerOptions { TextCharNgramLength = 3, TextMaxNgramsPerLength = 5000, Normalizer = NormalizerKind.None }),
            ("word 1-2, char 1-3", new FeaturizerOptions { TextCharNgramLength = 3, Normalizer = NormalizerKind.None }),
        };
        Console.WriteLine("| configuration | fit s | transform s | slots | stored values per row | fitted featurizer MB | bytes per slot |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, options) in configs)
        {
            long heap = GC.GetTotalMemory(forceFullCollection: true);
            var sw = Stopwatch.StartNew();
            var model = DefaultFeaturizer.Build(ml, loaded.Schema, options).Fit(data);
            double fit = sw.Elapsed.TotalSeconds;
            // What the fitted featurizer holds (its dictionaries), per feature slot.
            double modelBytes = GC.GetTotalMemory(forceFullCollection: true) - heap;
            GC.KeepAlive(model);
            sw.Restart();
            var output = model.Transform(data);
            var column = output.Schema[options.FeatureColumnName];
            long stored = 0, rows = 0;
            using (var cursor = output.GetRowCursor([column]))
            {
                var get = cursor.GetGetter<VBuffer<float>>(column);
                var value = default(VBuffer<float>);
                while (cursor.MoveNext())
                {
                    get(ref value);
                    stored += value.GetValues().Length;
                    rows++;
                }
            }
            double transform = sw.Elapsed.TotalSeconds;
            int slots = ((VectorDataViewType)column.Type).Size;
            Console.WriteLine(FormattableString.Invariant($"| {name} | {fit:0.00} | {transform:0.00} | {slots} | {(double)stored / Math.Max(1, rows):0} | {modelBytes / 1048576:0.0} | {modelBytes / Math.Max(1, slots):0} |"));
        }
        return 0;
    }
}
