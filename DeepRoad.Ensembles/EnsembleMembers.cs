using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Tuning;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace DeepRoad.Ensembles;

/// <summary>
/// Ready members from ML.NET's standard trainers for a task, single-threaded (ensembles parallelise
/// across members) and seeded by the ensemble's child context.
/// </summary>
public static class EnsembleMembers
{
    /// <summary>Size caps for the ready members.</summary>
    /// <param name="Trees">Trees / boosting iterations for FastTree, FastForest and LightGbm.</param>
    /// <param name="Leaves">Leaves per tree.</param>
    /// <param name="LinearIterations">Maximum passes for SDCA / L-BFGS.</param>
    public sealed record Sizes(int Trees = 100, int Leaves = 20, int LinearIterations = 100);

    /// <summary>Parses a comma-separated list such as <c>fasttree,lightgbm,sdca,knn</c> (names are case-insensitive).</summary>
    public static IReadOnlyList<EnsembleMember> Parse(string list, MLTask task, Sizes? sizes = null, string? exampleWeightColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        var names = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names.Length == 0) throw new ArgumentException("--members: at least one member is required (for example fasttree,lightgbm,sdca).");
        return names.Select(n =>
        {
            // "knn" is the short name of k nearest neighbours (as AutoML's --trainers takes it).
            if (n.Equals("knn", StringComparison.OrdinalIgnoreCase)) return Create(MemberTrainer.KNearestNeighbors, task, sizes, exampleWeightColumnName);
            if (!Enum.TryParse<MemberTrainer>(n, ignoreCase: true, out var t) || !Enum.IsDefined(t))
                throw new ArgumentException($"--members: unknown member '{n}'; expected {string.Join(", ", Enum.GetNames<MemberTrainer>().Select(x => x.ToLowerInvariant()))} (or knn).");
            return Create(t, task, sizes, exampleWeightColumnName);
        }).ToArray();
    }

    /// <summary>A member for <paramref name="trainer"/> on <paramref name="task"/>, reading <c>Label</c>/<c>Features</c>.</summary>
    /// <param name="trainer">Which trainer.</param>
    /// <param name="task">The task (decides the trainer's catalog).</param>
    /// <param name="sizes">Caps; null = defaults.</param>
    /// <param name="exampleWeightColumnName">Example weight column (AdaBoost passes its weights through it).</param>
    public static EnsembleMember Create(MemberTrainer trainer, MLTask task, Sizes? sizes = null, string? exampleWeightColumnName = null)
    {
        var s = sizes ?? new Sizes();
        string w = exampleWeightColumnName!;
        string name = trainer.ToString().ToLowerInvariant();
        Func<MLContext, IEstimator<ITransformer>> factory = (trainer, task) switch
        {
            (MemberTrainer.FastTree, MLTask.BinaryClassification) => c => FastTreeCollections.Off(c.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
            { NumberOfTrees = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w, MinimumExampleCountPerLeaf = 5 })),
            // One-versus-all does not pass example weights on to its binary trainers, so these members take none
            // (AdaBoost then resamples by weight).
            (MemberTrainer.FastTree, MLTask.MulticlassClassification) => c => c.MulticlassClassification.Trainers.OneVersusAll(
                FastTreeCollections.Off(c.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
                { NumberOfTrees = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, MinimumExampleCountPerLeaf = 5 }))),
            (MemberTrainer.FastTree, _) => c => FastTreeCollections.Off(c.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
            { NumberOfTrees = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w, MinimumExampleCountPerLeaf = 5 })),

            (MemberTrainer.FastForest, MLTask.BinaryClassification) => c => FastTreeCollections.Off(c.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
            { NumberOfTrees = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w }))
                .Append(c.BinaryClassification.Calibrators.Platt()),
            (MemberTrainer.FastForest, MLTask.MulticlassClassification) => c => c.MulticlassClassification.Trainers.OneVersusAll(
                FastTreeCollections.Off(c.BinaryClassification.Trainers.FastForest(new FastForestBinaryTrainer.Options
                { NumberOfTrees = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1 }))),
            // A forest of one tree is a decision tree (AdaBoost.R2's weak learner): no row bagging or feature sampling,
            // which would otherwise discard 30% of the rows and features of every round.
            (MemberTrainer.FastForest, _) => c => FastTreeCollections.Off(c.Regression.Trainers.FastForest(new FastForestRegressionTrainer.Options
            {
                NumberOfTrees = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w,
                FeatureFraction = s.Trees == 1 ? 1.0 : 0.7, BaggingSize = s.Trees == 1 ? 0 : 1,
                NumberOfQuantileSamples = 0, // no per-leaf label samples for quantile predictions (see TrainerSpaces.FastForest)
            })),

            (MemberTrainer.LightGbm, MLTask.BinaryClassification) => c => DeepRoad.Pipelines.Tuning.LightGbmHistogramPool.Limit(c.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            { NumberOfIterations = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w, MinimumExampleCountPerLeaf = 5, Verbose = false, Silent = true })),
            (MemberTrainer.LightGbm, MLTask.MulticlassClassification) => c => DeepRoad.Pipelines.Tuning.LightGbmHistogramPool.Limit(c.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            { NumberOfIterations = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w, MinimumExampleCountPerLeaf = 5, Verbose = false, Silent = true })),
            (MemberTrainer.LightGbm, _) => c => DeepRoad.Pipelines.Tuning.LightGbmHistogramPool.Limit(c.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            { NumberOfIterations = s.Trees, NumberOfLeaves = s.Leaves, NumberOfThreads = 1, ExampleWeightColumnName = w, MinimumExampleCountPerLeaf = 5, Verbose = false, Silent = true })),

            (MemberTrainer.Sdca, MLTask.BinaryClassification) => c => c.Transforms.NormalizeMeanVariance("Features").Append(
                c.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
                { MaximumNumberOfIterations = s.LinearIterations, NumberOfThreads = 1, ExampleWeightColumnName = w })),
            (MemberTrainer.Sdca, MLTask.MulticlassClassification) => c => c.Transforms.NormalizeMeanVariance("Features").Append(
                c.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
                { MaximumNumberOfIterations = s.LinearIterations, NumberOfThreads = 1, ExampleWeightColumnName = w })),
            (MemberTrainer.Sdca, _) => c => c.Transforms.NormalizeMeanVariance("Features").Append(
                c.Regression.Trainers.Sdca(new SdcaRegressionTrainer.Options
                { MaximumNumberOfIterations = s.LinearIterations, NumberOfThreads = 1, ExampleWeightColumnName = w })),

            (MemberTrainer.Lbfgs, MLTask.BinaryClassification) => c => c.Transforms.NormalizeMeanVariance("Features").Append(
                c.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
                { MaximumNumberOfIterations = s.LinearIterations, NumberOfThreads = 1, ExampleWeightColumnName = w })),
            (MemberTrainer.Lbfgs, MLTask.MulticlassClassification) => c => c.Transforms.NormalizeMeanVariance("Features").Append(
                c.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
                { MaximumNumberOfIterations = s.LinearIterations, NumberOfThreads = 1, ExampleWeightColumnName = w })),
            (MemberTrainer.Lbfgs, _) => throw new ArgumentException("Member 'lbfgs' is classification only (ML.NET has no L-BFGS least squares); use sdca for regression."),
            (MemberTrainer.ElasticNet, MLTask.Regression) => w is null
                ? c => new ElasticNetEstimator(c, new ElasticNetOptions())
                : throw new ArgumentException("Member 'elasticnet' takes no example weights, so AdaBoost cannot boost it."),
            (MemberTrainer.ElasticNet, _) => throw new ArgumentException("Member 'elasticnet' is regression only; use lbfgs or sdca for classes."),
            (MemberTrainer.KNearestNeighbors, _) => w is null
                ? c => c.Transforms.NormalizeMeanVariance("Features").Append(new KNearestNeighborsEstimator(c, new KNearestNeighborsOptions()))
                : throw new ArgumentException("Member 'knearestneighbors' takes no example weights, so AdaBoost cannot boost it."),
            _ => throw new ArgumentOutOfRangeException(nameof(trainer)),
        };
        return new EnsembleMember(name, factory);
    }
}
