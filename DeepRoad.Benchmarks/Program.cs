using DeepRoad.Benchmarks.Pipelines;

// Sub-commands, one per benchmark family; each writes a markdown table (see README.md). A missing file or folder,
// or a bad option, ends with its message and exit code 2 instead of a stack trace.
try
{
    return await Dispatch(args);
}
catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or ArgumentException)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

static async Task<int> Dispatch(string[] args) => args.FirstOrDefault() switch
{
    "load" => LoadBenchmark.Run(args[1..]),
    "load-one" => LoadBenchmark.RunOne(args[1..]),
    "cv" => DeepRoad.Benchmarks.Evaluation.CrossValidationBenchmark.Run(args[1..]),
    "wide" => WideTableBenchmark.Run(args[1..]),
    "text-weighting" => TextWeightingBenchmark.Run(args[1..]),
    "featurize" => FeaturizeBenchmark.Run(args[1..]),
    "categorical" => CategoricalEncodingBenchmark.Run(args[1..]),
    "ensembles" => DeepRoad.Benchmarks.Ensembles.EnsembleBenchmark.Run(args),
    "forests" => DeepRoad.Benchmarks.Ensembles.ForestBenchmark.Run(args),
    "knn" => DeepRoad.Benchmarks.Ensembles.KNearestNeighborsBenchmark.Run(args[1..]),
    "elasticnet" => DeepRoad.Benchmarks.Ensembles.ElasticNetBenchmark.Run(args),
    "tuning" => await DeepRoad.Benchmarks.Tuning.TuningBenchmark.RunAsync(args),
    "tree-threads" => DeepRoad.Benchmarks.Tuning.TreeThreadsBenchmark.Run(args[1..]),
    "deep" => DeepRoad.Benchmarks.DeepBenchmark.Run(args[1..]),
    "threshold" => await DeepRoad.Benchmarks.ThresholdBenchmark.RunAsync(args),
    "automl" => await DeepRoad.Benchmarks.AutoMLBenchmark.RunAsync(args[1..]),
    "predict" => DeepRoad.Benchmarks.Serving.PredictBenchmark.Run(args[1..]),
    "skia-stress" => DeepRoad.Benchmarks.Images.SkiaStressBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.WriteLine("DeepRoad benchmarks (see DeepRoad.Benchmarks/README.md):");
    Console.WriteLine("  load [--file PATH [--label COL] | --synthetic ROWS] [--repeats N] [--out FILE]   CSV loading speed and peak memory vs pandas.read_csv");
    Console.WriteLine("  wide [--columns 30,60,120,240] [--rows N] [--out FILE]   cleaning and 5-fold CV time as columns grow, vs scikit-learn");
    Console.WriteLine("  text-weighting [--sets a,b] [--seeds N] [--weightings W,..] [--out FILE]   TF-IDF vs binary IDF vs sublinear TF-IDF under logistic regression, CV and test (benchmarks/results/pipelines.md)");
    Console.WriteLine("  featurize --file F --label COL [--rows N]   seconds to fit and apply the default featurizer's text configurations (vs benchmarks/featurize_peer.py)");
    Console.WriteLine("  categorical [--data DIR] [--sets a,b] [--seeds N] [--out FILE]   categoricals under LightGbm: 0/1 slots, its categorical splits, target encoding; CV and test");
    Console.WriteLine("  cv ...                                          CrossValidator vs ML.NET CrossValidate");
    Console.WriteLine("  tuning [cost|synthetic|adult|all] [--seeds N]   GP/random/grid vs Optuna (benchmarks/results/tuning.md)");
    Console.WriteLine("  tree-threads [--rows N] [--threads T] [--repeats R] [--out FILE]   one LightGbm/FastTree/FastForest/extra-trees/random-forest fit on 1 or T threads, alone and beside a busy thread (benchmarks/results/tree_threads.md)");
    Console.WriteLine("  ensembles [...]                                 bagging/AdaBoost/stacking/selection vs scikit-learn");
    Console.WriteLine("  forests [--sets a,b] [--trees N] [--repeats R]     extra trees and random forest vs scikit-learn (benchmarks/results/forests.md)");
    Console.WriteLine("  knn [--train N] [--query M] [--features D] [--classes C] [--repeats R] [--out FILE]   k nearest neighbours scoring vs scikit-learn's KNeighborsClassifier (benchmarks/results/knn.md)");
    Console.WriteLine("  elasticnet [--sets a,b] [--data DIR] [--l1 1,0.5] [--repeats R]   elastic net vs scikit-learn's ElasticNetCV (benchmarks/results/elasticnet.md)");
    Console.WriteLine("  threshold [--sets a,b] [--data DIR] [--metric f1] [--time S] [--jobs N]   AutoML's tuned decision threshold vs 0.5 and vs scikit-learn (benchmarks/results/threshold.md)");
    Console.WriteLine("  automl [--time S] [--jobs N] [--sets a,b] [--resplit K]   AutoML on every shared set (or K fresh splits of each) vs scikit-learn (benchmarks/results/automl.md)");
    Console.WriteLine("  skia-stress [--seconds S] [--variants ml-gray,ml-nogray,gated-gray,deeproad] [--csv F]   image featurization under GC pressure on 2 threads: ML.NET's grayscale step crashes, DeepRoad's pixels do not");
    Console.WriteLine("  predict --model M.zip --train F --test F --label COL [--rows N] [--out FILE]   serving: one row and whole-file prediction vs scikit-learn");
    Console.WriteLine("  deep [mlp speed memory cnn rnn resnet gan] [--threads N]  deep estimators; TorchSharp vs PyTorch (benchmarks/results/deep.md)");
    return 1;
}
