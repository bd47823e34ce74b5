using DeepRoad.Tuning.Spaces;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>
/// Search spaces for the ML.NET trainers DeepRoad tunes. Ranges follow published defaults (ML.NET AutoML and FLAML
/// search spaces, narrowed to budgets of tens of trials): log scales for leaves, counts, learning rates and
/// regularisation. Iteration caps are arguments so tests and quick runs stay cheap. Trainers use one thread, so
/// parallel trials do not oversubscribe the cores, except where the caller passes <c>threads</c> to the three tree
/// trainers: ML.NET trains one FastTree-family model and one LightGbm model at a time per process (each holds a
/// process-wide lock while it trains), so parallel trials cannot spread them over the cores, and their own threads
/// can. Their models do not depend on the thread count (checked in TrainerThreadsTests).
/// </summary>
public static class TrainerSpaces
{
    /// <summary>The space of <paramref name="kind"/> for <paramref name="task"/> (<paramref name="maxIterations"/> caps
    /// rounds, trees or epochs; <paramref name="seed"/> seeds the trainer); <paramref name="threads"/> is the thread count
    /// of a FastTree, FastForest or LightGbm fit (the other trainers use one).</summary>
    public static TrainerSpace For(TrainerKind kind, MLTask task, int maxIterations = 300, int seed = 0, int threads = 1) => kind switch
    {
        TrainerKind.FastTree => FastTree(task, maxIterations, seed, threads),
        TrainerKind.FastForest => FastForest(task, maxIterations, seed, threads),
        TrainerKind.LightGbm => LightGbm(task, maxIterations, seed, threads),
        TrainerKind.Sdca => Sdca(task, Math.Min(maxIterations, 100), seed),
        TrainerKind.Lbfgs => Lbfgs(task, Math.Min(maxIterations, 100)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>
    /// Optional LightGbm parameter (not in <see cref="LightGbm"/>'s space; a caller adds it where the features hold
    /// one-hot or hashed categorical slots): 1 = LightGBM's own categorical splits, which group a column's one-hot slots
    /// back into one categorical feature and split it into two sets of values ordered by their gradient statistics
    /// (LightGBM's <c>categorical_feature</c>, regularised by at least 100 rows a group and smoothing 10); 0 = each slot
    /// is a 0/1 feature. Absent, ML.NET decides: categorical splits above 50 000 rows.
    /// </summary>
    public const string CategoricalSplitParameter = "CategoricalSplit";

    /// <summary>LightGbm: leaves, minimum rows per leaf, learning rate, boosting rounds, feature fraction, L2 (and <see cref="CategoricalSplitParameter"/> when given).</summary>
    public static TrainerSpace LightGbm(MLTask task, int maxIterations = 300, int seed = 0, int threads = 1) => new(TrainerKind.LightGbm, task, new SearchSpace(
        Parameter.Int("NumberOfLeaves", 4, 256, log: true),
        Parameter.Int("MinimumExampleCountPerLeaf", 2, 128, log: true),
        Parameter.Float("LearningRate", 0.01, 0.5, log: true),
        Parameter.Int("NumberOfIterations", Math.Min(10, maxIterations), maxIterations, log: true),
        Parameter.Float("FeatureFraction", 0.4, 1.0),
        Parameter.Float("L2Regularization", 1e-3, 10, log: true)), (ml, p) =>
    {
        var booster = new GradientBooster.Options { FeatureFraction = p.GetDouble("FeatureFraction"), L2Regularization = p.GetDouble("L2Regularization") };
        var leaves = p.GetInt("NumberOfLeaves");
        var minLeaf = p.GetInt("MinimumExampleCountPerLeaf");
        var lr = p.GetDouble("LearningRate");
        var rounds = p.GetInt("NumberOfIterations");
        bool? categorical = p.ContainsKey(CategoricalSplitParameter) ? p.GetInt(CategoricalSplitParameter) == 1 : null;
        return task switch
        {
            MLTask.BinaryClassification => LightGbmHistogramPool.Limit(ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minLeaf, LearningRate = lr, NumberOfIterations = rounds,
                Booster = booster, Seed = seed, NumberOfThreads = threads, Verbose = false, Silent = true, UseCategoricalSplit = categorical,
            })),
            MLTask.MulticlassClassification => LightGbmHistogramPool.Limit(ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minLeaf, LearningRate = lr, NumberOfIterations = rounds,
                Booster = booster, Seed = seed, NumberOfThreads = threads, Verbose = false, Silent = true, UseCategoricalSplit = categorical,
            })),
            _ => LightGbmHistogramPool.Limit(ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfLeaves = leaves, MinimumExampleCountPerLeaf = minLeaf, LearningRate = lr, NumberOfIterations = rounds,
                Booster = booster, Seed = seed, NumberOfThreads = threads, Verbose = false, Silent = true, UseCategoricalSplit = categorical,
            })),
        };
    });

    /// <summary>FastTree: leaves, minimum rows per leaf, learning rate, trees, feature fraction.</summary>
    public static TrainerSpace FastTree(MLTask task, int maxTrees = 300, int seed = 0, int threads = 1) => new(TrainerKind.FastTree, task, new SearchSpace(
        Parameter.Int("NumberOfLeaves", 4, 128, log: true),
        Parameter.Int("MinimumExampleCountPerLeaf", 2, 64, log: true),
        Parameter.Float("LearningRate", 0.01, 0.5, log: true),
        Parameter.Int("NumberOfTrees", Math.Min(10, maxTrees), maxTrees, log: true),
        Parameter.Float("FeatureFraction", 0.5, 1.0)), (ml, p) =>
    {
        FastTreeBinaryTrainer.Options Binary() => new()
        {
            NumberOfLeaves = p.GetInt("NumberOfLeaves"), MinimumExampleCountPerLeaf = p.GetInt("MinimumExampleCountPerLeaf"),
            LearningRate = p.GetDouble("LearningRate"), NumberOfTrees = p.GetInt("NumberOfTrees"), FeatureFraction = p.GetDouble("FeatureFraction"),
            Seed = seed, FeatureSelectionSeed = seed, NumberOfThreads = threads,
        };
        return task switch
        {
            MLTask.BinaryClassification => FastTreeCollections.Off(ml.BinaryClassification.Trainers.FastTree(Binary())),
            MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(FastTreeCollections.Off(ml.BinaryClassification.Trainers.FastTree(Binary()))),
            _ => FastTreeCollections.Off(ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            {
                NumberOfLeaves = p.GetInt("NumberOfLeaves"), MinimumExampleCountPerLeaf = p.GetInt("MinimumExampleCountPerLeaf"),
                LearningRate = p.GetDouble("LearningRate"), NumberOfTrees = p.GetInt("NumberOfTrees"), FeatureFraction = p.GetDouble("FeatureFraction"),
                Seed = seed, FeatureSelectionSeed = seed, NumberOfThreads = threads,
            })),
        };
    });

    /// <summary>FastForest: leaves, minimum rows per leaf, trees, feature fraction.</summary>
    public static TrainerSpace FastForest(MLTask task, int maxTrees = 300, int seed = 0, int threads = 1) => new(TrainerKind.FastForest, task, new SearchSpace(
        Parameter.Int("NumberOfLeaves", 4, 128, log: true),
        Parameter.Int("MinimumExampleCountPerLeaf", 2, 64, log: true),
        Parameter.Int("NumberOfTrees", Math.Min(10, maxTrees), maxTrees, log: true),
        Parameter.Float("FeatureFraction", 0.3, 1.0)), (ml, p) =>
    {
        FastForestBinaryTrainer.Options Binary() => new()
        {
            NumberOfLeaves = p.GetInt("NumberOfLeaves"), MinimumExampleCountPerLeaf = p.GetInt("MinimumExampleCountPerLeaf"),
            NumberOfTrees = p.GetInt("NumberOfTrees"), FeatureFraction = p.GetDouble("FeatureFraction"), Seed = seed, FeatureSelectionSeed = seed, NumberOfThreads = threads,
        };
        return task switch
        {
            MLTask.BinaryClassification => FastTreeCollections.Off(ml.BinaryClassification.Trainers.FastForest(Binary())),
            MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.OneVersusAll(FastTreeCollections.Off(ml.BinaryClassification.Trainers.FastForest(Binary()))),
            // No quantile samples: ML.NET's regression forest otherwise keeps 100 sampled labels and weights per leaf
            // (for quantile predictions, which nothing here asks for), about 85 MB in memory for 462 trees of 76 leaves.
            _ => FastTreeCollections.Off(ml.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
            {
                NumberOfLeaves = p.GetInt("NumberOfLeaves"), MinimumExampleCountPerLeaf = p.GetInt("MinimumExampleCountPerLeaf"),
                NumberOfTrees = p.GetInt("NumberOfTrees"), FeatureFraction = p.GetDouble("FeatureFraction"), Seed = seed, FeatureSelectionSeed = seed, NumberOfThreads = threads,
                NumberOfQuantileSamples = 0,
            })),
        };
    });

    /// <summary>SDCA (logistic regression / maximum entropy / squared loss): L1 and L2 regularisation.</summary>
    public static TrainerSpace Sdca(MLTask task, int maxIterations = 50, int seed = 0) => new(TrainerKind.Sdca, task, new SearchSpace(
        Parameter.Float("L2Regularization", 1e-5, 10, log: true),
        Parameter.Float("L1Regularization", 1e-5, 10, log: true)), (ml, p) =>
    {
        var l2 = (float)p.GetDouble("L2Regularization");
        var l1 = (float)p.GetDouble("L1Regularization");
        return task switch
        {
            MLTask.BinaryClassification => ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
            { L2Regularization = l2, L1Regularization = l1, MaximumNumberOfIterations = maxIterations, NumberOfThreads = 1, Shuffle = true }),
            MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            { L2Regularization = l2, L1Regularization = l1, MaximumNumberOfIterations = maxIterations, NumberOfThreads = 1 }),
            _ => ml.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
            { L2Regularization = l2, L1Regularization = l1, MaximumNumberOfIterations = maxIterations, NumberOfThreads = 1 }),
        };
    });

    /// <summary>L-BFGS (logistic regression / maximum entropy / Poisson regression): L1 and L2 regularisation.</summary>
    public static TrainerSpace Lbfgs(MLTask task, int maxIterations = 100) => new(TrainerKind.Lbfgs, task, new SearchSpace(
        Parameter.Float("L2Regularization", 1e-4, 10, log: true),
        Parameter.Float("L1Regularization", 1e-4, 10, log: true)), (ml, p) =>
    {
        var l2 = (float)p.GetDouble("L2Regularization");
        var l1 = (float)p.GetDouble("L1Regularization");
        return task switch
        {
            MLTask.BinaryClassification => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
            { L2Regularization = l2, L1Regularization = l1, MaximumNumberOfIterations = maxIterations, NumberOfThreads = 1 }),
            MLTask.MulticlassClassification => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            { L2Regularization = l2, L1Regularization = l1, MaximumNumberOfIterations = maxIterations, NumberOfThreads = 1 }),
            _ => ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
            { L2Regularization = l2, L1Regularization = l1, MaximumNumberOfIterations = maxIterations, NumberOfThreads = 1 }),
        };
    });
}
