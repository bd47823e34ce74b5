using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Featurization;
using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Pipelines;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using PipelineSpaces = DeepRoad.Pipelines.Tuning.TrainerSpaces;
using TrainerKind = DeepRoad.Pipelines.Tuning.TrainerKind;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// The search space of each trainer plus the featurizer's choices. The ML.NET trainers' spaces and estimator
/// factories are DeepRoad.Pipelines.Tuning's <see cref="PipelineSpaces"/>; AutoML adds the featurizer parameters,
/// the library defaults that each trainer's first trial runs, and the MLP from DeepRoad.Deep.
/// </summary>
internal static class TrainerSpaces
{
    /// <summary>Cap on boosting rounds / trees in the search.</summary>
    private const int MaxIterations = 500;

    /// <summary>Relative cost, cheapest first: the search starts with cheap trainers and small configurations.</summary>
    public static readonly AutoMLTrainer[] CostOrder =
        [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm, AutoMLTrainer.SdcaLinear, AutoMLTrainer.FastTree, AutoMLTrainer.FastForest, AutoMLTrainer.Mlp];

    public static bool Supports(AutoMLTrainer t, MLTask task) => t switch
    {
        AutoMLTrainer.LbfgsLinear => task != MLTask.Regression,
        _ => true,
    };

    private static TrainerKind? Kind(AutoMLTrainer t) => t switch
    {
        AutoMLTrainer.LightGbm => TrainerKind.LightGbm,
        AutoMLTrainer.FastTree => TrainerKind.FastTree,
        AutoMLTrainer.FastForest => TrainerKind.FastForest,
        AutoMLTrainer.SdcaLinear => TrainerKind.Sdca,
        AutoMLTrainer.LbfgsLinear => TrainerKind.Lbfgs,
        _ => null,
    };

    // Library defaults (ML.NET's), the first configuration of each trainer.
    private static readonly Dictionary<TrainerKind, Dictionary<string, double>> LibraryDefaults = new()
    {
        [TrainerKind.LightGbm] = new() { ["NumberOfLeaves"] = 31, ["MinimumExampleCountPerLeaf"] = 20, ["LearningRate"] = 0.1, ["NumberOfIterations"] = 100, ["FeatureFraction"] = 1.0, ["L2Regularization"] = 0.01 },
        [TrainerKind.FastTree] = new() { ["NumberOfLeaves"] = 20, ["MinimumExampleCountPerLeaf"] = 10, ["LearningRate"] = 0.2, ["NumberOfTrees"] = 100, ["FeatureFraction"] = 1.0 },
        [TrainerKind.FastForest] = new() { ["NumberOfLeaves"] = 20, ["MinimumExampleCountPerLeaf"] = 10, ["NumberOfTrees"] = 100, ["FeatureFraction"] = 0.7 },
        [TrainerKind.Sdca] = new() { ["L2Regularization"] = 1e-3, ["L1Regularization"] = 1e-5 },
        [TrainerKind.Lbfgs] = new() { ["L2Regularization"] = 1, ["L1Regularization"] = 1 },
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
        if (Kind(t) is { } kind)
        {
            var space = PipelineSpaces.For(kind, schema.Task, MaxIterations).Space;
            p.AddRange(space.Parameters);
            foreach (var (name, value) in LibraryDefaults[kind]) d[name] = value;
        }
        else if (t == AutoMLTrainer.Mlp)
        {
            I("mlp.hidden", 16, 256, 64, log: true);
            I("mlp.layers", 1, 3, 2);
            F("mlp.learning_rate", 1e-4, 1e-2, 1e-3, log: true);
            F("mlp.dropout", 0, 0.5, 0.1);
            I("mlp.epochs", 5, 60, 20, log: true);
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
        if (Kind(c.Trainer) is { } kind)
        {
            var values = new ParameterSet(c.Parameters.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal));
            var estimator = PipelineSpaces.For(kind, task, MaxIterations, seed).Create(ml, values);
            // Forest scores are not probabilities: calibrate (Platt) so that blends and log-loss make sense.
            return kind == TrainerKind.FastForest && task == MLTask.BinaryClassification
                ? estimator.Append(ml.BinaryClassification.Calibrators.Platt())
                : estimator;
        }
        if (c.Trainer != AutoMLTrainer.Mlp) throw new NotSupportedException($"trainer {c.Trainer} is not available.");
        int I(string n) => (int)Math.Round(c[n]);
        return ml.DeepRoad().Deep.Mlp(task,
            new MlpSpec { HiddenLayers = Enumerable.Repeat(I("mlp.hidden"), I("mlp.layers")).ToList(), Dropout = c["mlp.dropout"] },
            new DeepTrainingOptions
            {
                Epochs = I("mlp.epochs"), LearningRate = c["mlp.learning_rate"], Seed = seed, Threads = threads,
                EarlyStoppingPatience = 5, ValidationFraction = 0.1,
            },
            hooks: new DeepTrainingHooks { CancellationToken = ct });
    }
}
