using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Featurization;
using DeepRoad.Pipelines;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// The search space of each trainer (plus the featurizer's choices) and how to build the ML.NET estimator
/// for a configuration. Ranges follow the libraries' published defaults; defaults come first in the search.
/// </summary>
internal static class TrainerSpaces
{
    /// <summary>Relative cost, cheapest first: the search starts with cheap trainers and small configurations.</summary>
    public static readonly AutoMLTrainer[] CostOrder =
        [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm, AutoMLTrainer.SdcaLinear, AutoMLTrainer.FastTree, AutoMLTrainer.FastForest, AutoMLTrainer.Mlp];

    public static bool Supports(AutoMLTrainer t, MLTask task) => t switch
    {
        AutoMLTrainer.LbfgsLinear => task != MLTask.Regression,
        _ => true,
    };

    /// <summary>
    /// The trainer's (and the featurizer's) search space as a DeepRoad.Tuning <see cref="SearchSpace"/>, plus the
    /// library default of each parameter (the first trial of each trainer runs the defaults).
    /// </summary>
    public static TrainerSearchSpace Space(AutoMLTrainer t, DatasetSchema schema)
    {
        var p = new List<Parameter>();
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        void F(string name, double lo, double hi, double def, bool log = false) { p.Add(new FloatParameter { Name = name, Low = lo, High = hi, Log = log }); d[name] = def; }
        void I(string name, int lo, int hi, int def, bool log = false) { p.Add(new IntParameter { Name = name, Low = lo, High = hi, Log = log }); d[name] = def; }
        void C(string name, double def, params double[] choices) { p.Add(new CategoricalParameter { Name = name, Choices = choices.Select(c => (object)c).ToArray() }); d[name] = def; }
        switch (t)
        {
            case AutoMLTrainer.LightGbm:
                I("lgb.iterations", 20, 500, 100, log: true);
                F("lgb.learning_rate", 0.01, 0.3, 0.1, log: true);
                I("lgb.leaves", 4, 128, 31, log: true);
                I("lgb.min_leaf", 2, 100, 20, log: true);
                F("lgb.feature_fraction", 0.4, 1.0, 1.0);
                F("lgb.l2", 1e-3, 10, 0.01, log: true);
                break;
            case AutoMLTrainer.FastTree:
                I("ft.trees", 20, 300, 100, log: true);
                F("ft.learning_rate", 0.02, 0.3, 0.2, log: true);
                I("ft.leaves", 4, 64, 20, log: true);
                I("ft.min_leaf", 2, 50, 10, log: true);
                F("ft.feature_fraction", 0.5, 1.0, 1.0);
                break;
            case AutoMLTrainer.FastForest:
                I("ff.trees", 20, 300, 100, log: true);
                I("ff.leaves", 8, 128, 20, log: true);
                I("ff.min_leaf", 1, 30, 10, log: true);
                F("ff.feature_fraction", 0.3, 1.0, 0.7);
                break;
            case AutoMLTrainer.SdcaLinear:
                F("sdca.l2", 1e-5, 1, 1e-3, log: true);
                F("sdca.l1", 1e-6, 1, 1e-6, log: true);
                break;
            case AutoMLTrainer.LbfgsLinear:
                F("lbfgs.l2", 1e-4, 10, 1, log: true);
                F("lbfgs.l1", 1e-4, 10, 1, log: true);
                break;
            case AutoMLTrainer.Mlp:
                I("mlp.hidden", 16, 256, 64, log: true);
                I("mlp.layers", 1, 3, 2);
                F("mlp.learning_rate", 1e-4, 1e-2, 1e-3, log: true);
                F("mlp.dropout", 0, 0.5, 0.1);
                I("mlp.epochs", 5, 60, 20, log: true);
                break;
        }
        // Featurizer choices, only where the data has something to choose about.
        if (schema.Features.Any(c => c.Kind == ColumnKind.Categorical && c.DistinctCount > 16))
            C("feat.hash_above", 64, 16, 64, 1024);
        if (schema.Features.Any(c => c.Kind == ColumnKind.Numeric && c.MissingCount > 0))
            C("feat.missing_indicators", 1, 0, 1);
        if (schema.Features.Any(c => c.Kind == ColumnKind.Text))
        {
            C("feat.word_ngrams", 2, 1, 2);
            C("feat.char_ngrams", 1, 0, 1);
        }
        if (schema.Features.Any(c => c.Kind == ColumnKind.ImagePath))
            C("feat.image_size", 16, 8, 16, 32);
        return new TrainerSearchSpace(new SearchSpace(p), d);
    }

    public static FeaturizerOptions Featurizer(TrialConfig c) => new()
    {
        HashAboveCardinality = (int)c.Parameters.GetValueOrDefault("feat.hash_above", 64),
        MissingIndicators = c.Parameters.GetValueOrDefault("feat.missing_indicators", 1) > 0.5,
        WordNgrams = (int)c.Parameters.GetValueOrDefault("feat.word_ngrams", 2),
        CharNgrams = c.Parameters.GetValueOrDefault("feat.char_ngrams", 1) > 0.5,
        ImageSize = (int)c.Parameters.GetValueOrDefault("feat.image_size", 16),
    };

    /// <summary>The trainer estimator for a configuration (reads <c>Label</c>/<c>Features</c>).</summary>
    public static IEstimator<ITransformer> Trainer(MLContext ml, TrialConfig c, MLTask task, int threads, int seed, CancellationToken ct = default)
    {
        int I(string n) => (int)Math.Round(c[n]);
        float F(string n) => (float)c[n];
        switch (c.Trainer)
        {
            case AutoMLTrainer.LightGbm:
            {
                var booster = new GradientBooster.Options { L2Regularization = c["lgb.l2"], FeatureFraction = c["lgb.feature_fraction"] };
                return task switch
                {
                    MLTask.BinaryClassification => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
                    {
                        NumberOfIterations = I("lgb.iterations"), LearningRate = c["lgb.learning_rate"], NumberOfLeaves = I("lgb.leaves"),
                        MinimumExampleCountPerLeaf = I("lgb.min_leaf"), Booster = booster, NumberOfThreads = threads, Seed = seed, Silent = true,
                    }),
                    MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
                    {
                        NumberOfIterations = I("lgb.iterations"), LearningRate = c["lgb.learning_rate"], NumberOfLeaves = I("lgb.leaves"),
                        MinimumExampleCountPerLeaf = I("lgb.min_leaf"), Booster = booster, NumberOfThreads = threads, Seed = seed, Silent = true,
                    }),
                    _ => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
                    {
                        NumberOfIterations = I("lgb.iterations"), LearningRate = c["lgb.learning_rate"], NumberOfLeaves = I("lgb.leaves"),
                        MinimumExampleCountPerLeaf = I("lgb.min_leaf"), Booster = booster, NumberOfThreads = threads, Seed = seed, Silent = true,
                    }),
                };
            }
            case AutoMLTrainer.FastTree:
            {
                FastTreeBinaryTrainer.Options Bin() => new()
                {
                    NumberOfTrees = I("ft.trees"), LearningRate = c["ft.learning_rate"], NumberOfLeaves = I("ft.leaves"),
                    MinimumExampleCountPerLeaf = I("ft.min_leaf"), FeatureFraction = c["ft.feature_fraction"], NumberOfThreads = threads, Seed = seed,
                };
                return task switch
                {
                    MLTask.BinaryClassification => ml.BinaryClassification.Trainers.FastTree(Bin()),
                    MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(Bin())),
                    _ => ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
                    {
                        NumberOfTrees = I("ft.trees"), LearningRate = c["ft.learning_rate"], NumberOfLeaves = I("ft.leaves"),
                        MinimumExampleCountPerLeaf = I("ft.min_leaf"), FeatureFraction = c["ft.feature_fraction"], NumberOfThreads = threads, Seed = seed,
                    }),
                };
            }
            case AutoMLTrainer.FastForest:
            {
                FastForestBinaryTrainer.Options Bin() => new()
                {
                    NumberOfTrees = I("ff.trees"), NumberOfLeaves = I("ff.leaves"), MinimumExampleCountPerLeaf = I("ff.min_leaf"),
                    FeatureFraction = c["ff.feature_fraction"], NumberOfThreads = threads, Seed = seed,
                };
                return task switch
                {
                    MLTask.BinaryClassification => ml.BinaryClassification.Trainers.FastForest(Bin())
                        .Append(ml.BinaryClassification.Calibrators.Platt()),
                    MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastForest(Bin())),
                    _ => ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
                    {
                        NumberOfTrees = I("ff.trees"), NumberOfLeaves = I("ff.leaves"), MinimumExampleCountPerLeaf = I("ff.min_leaf"),
                        FeatureFraction = c["ff.feature_fraction"], NumberOfThreads = threads, Seed = seed,
                    }),
                };
            }
            case AutoMLTrainer.SdcaLinear:
                return task switch
                {
                    MLTask.BinaryClassification => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                    { L2Regularization = F("sdca.l2"), L1Regularization = F("sdca.l1"), MaximumNumberOfIterations = 30, NumberOfThreads = 1 }),
                    MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                    { L2Regularization = F("sdca.l2"), L1Regularization = F("sdca.l1"), MaximumNumberOfIterations = 30, NumberOfThreads = 1 }),
                    _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                    { L2Regularization = F("sdca.l2"), L1Regularization = F("sdca.l1"), MaximumNumberOfIterations = 30, NumberOfThreads = 1 }),
                };
            case AutoMLTrainer.LbfgsLinear:
                return task switch
                {
                    MLTask.BinaryClassification => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                    { L2Regularization = F("lbfgs.l2"), L1Regularization = F("lbfgs.l1"), NumberOfThreads = 1 }),
                    MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                    { L2Regularization = F("lbfgs.l2"), L1Regularization = F("lbfgs.l1"), NumberOfThreads = 1 }),
                    _ => throw new ArgumentException("LbfgsLinear does not support regression."),
                };
            case AutoMLTrainer.Mlp:
                return ml.DeepRoad().Deep.Mlp(task,
                    new MlpSpec { HiddenLayers = Enumerable.Repeat(I("mlp.hidden"), I("mlp.layers")).ToList(), Dropout = c["mlp.dropout"] },
                    new DeepTrainingOptions
                    {
                        Epochs = I("mlp.epochs"), LearningRate = c["mlp.learning_rate"], Seed = seed, Threads = threads,
                        EarlyStoppingPatience = 5, ValidationFraction = 0.1,
                    },
                    hooks: new DeepTrainingHooks { CancellationToken = ct });
            default:
                throw new NotSupportedException($"trainer {c.Trainer} is not available.");
        }
    }
}
