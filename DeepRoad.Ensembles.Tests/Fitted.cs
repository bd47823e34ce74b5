using System.Collections.Concurrent;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// Datasets, ensembles and single-member baselines fitted once per test run and shared by the test
/// classes (keeps the assembly within its time budget on 2 cores).
/// </summary>
internal static class Fitted
{
    public static readonly MLContext Context = new(1);
    private static readonly ConcurrentDictionary<string, Lazy<TestData.Set>> Sets = new();
    private static readonly ConcurrentDictionary<(EnsembleKind, string), Lazy<EnsembleModel>> Models = new();
    private static readonly ConcurrentDictionary<(string, string), Lazy<double>> Baselines = new();

    public static TestData.Set Data(string name) => Sets.GetOrAdd(name, n => new Lazy<TestData.Set>(() => TestData.Load(Context, n))).Value;

    public static EnsembleModel Model(EnsembleKind kind, string dataset) =>
        Models.GetOrAdd((kind, dataset), k => new Lazy<EnsembleModel>(() => Build(Context, k.Item1, Data(k.Item2).Task, seed: 7).Fit(Data(k.Item2).Train))).Value;

    /// <summary>
    /// The weak learner AdaBoost boosts: one small tree (FastTree with 4 leaves for classification; for regression
    /// a one-tree FastForest with 8 leaves, since a single boosted FastTree tree is shrunk by its learning rate).
    /// </summary>
    public static EnsembleMember Weak(MLTask task) => task == MLTask.Regression
        ? EnsembleMembers.Create(MemberTrainer.FastForest, task, new EnsembleMembers.Sizes(Trees: 1, Leaves: 8, LinearIterations: 10), "Weight")
        : EnsembleMembers.Create(MemberTrainer.FastTree, task, new EnsembleMembers.Sizes(Trees: 1, Leaves: 4, LinearIterations: 10), "Weight");

    public static EnsembleEstimator Build(MLContext ctx, EnsembleKind kind, MLTask task, int seed, int maxParallelism = 2)
    {
        var c = ctx.DeepRoad().Ensembles;
        return kind switch
        {
            EnsembleKind.Bagging => c.Bagging(new BaggingOptions
            {
                Member = Members.Get(MemberTrainer.FastTree, task), NumberOfMembers = 6, MaxFeatures = 0.8, OutOfBagScore = true,
                Seed = seed, MaxParallelism = maxParallelism,
            }),
            EnsembleKind.AdaBoost => c.AdaBoost(new AdaBoostOptions
            {
                Member = Weak(task), Rounds = 15, LearningRate = task == MLTask.Regression ? 1.0 : 0.5, Seed = seed, MaxParallelism = maxParallelism,
            }),
            EnsembleKind.Stacking => c.Stacking(new StackingOptions { Members = Members.Trio(task), Folds = 3, Seed = seed, MaxParallelism = maxParallelism }),
            EnsembleKind.Voting => c.Voting(new VotingOptions { Members = Members.Trio(task), Seed = seed, MaxParallelism = maxParallelism }),
            EnsembleKind.Selection => c.Selection(new SelectionOptions
            {
                Members = Members.Trio(task), Folds = 3, Iterations = 10, Seed = seed, MaxParallelism = maxParallelism,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Test-set metric of a single member fitted on the training set.</summary>
    public static double Single(string key, EnsembleMember member, string dataset) =>
        Baselines.GetOrAdd((key, dataset), _ => new Lazy<double>(() =>
        {
            var set = Data(dataset);
            var model = member.Factory(new MLContext(7)).Fit(AddWeight(set.Train));
            return Score(set, PredictionExtractor.Extract(model.Transform(set.Test), set.Task, Classes(set)));
        })).Value;

    private static IDataView AddWeight(IDataView data)
    {
        // Members built with an example weight column (the weak learner) need it when fitted alone: weight 1.
        var ctx = Context;
        return ctx.Transforms.CustomMapping<Empty, WeightOut>((_, o) => o.Weight = 1f, null).Fit(data).Transform(data);
    }

    public sealed class Empty { }

    public sealed class WeightOut { public float Weight { get; set; } }

    public static int Classes(TestData.Set set) => set.Task switch
    {
        MLTask.BinaryClassification => 2,
        MLTask.MulticlassClassification => ((Microsoft.ML.Data.KeyDataViewType)set.Train.Schema["Label"].Type).Count is var k ? (int)k : 0,
        _ => 1,
    };

    public static MetricKind MetricFor(MLTask task) => task switch
    {
        MLTask.BinaryClassification => MetricKind.RocAuc,
        MLTask.MulticlassClassification => MetricKind.Accuracy,
        _ => MetricKind.Rmse,
    };

    public static double Score(TestData.Set set, PredictionMatrix predictions) =>
        Metric.Compute(MetricFor(set.Task), TestData.Labels(set.Test), predictions, set.Task);

    /// <summary>The test metric of any fitted scorer (ML.NET's scored columns) on a shipped set.</summary>
    public static double TestScore(string dataset, ITransformer model)
    {
        var set = Data(dataset);
        return Score(set, PredictionExtractor.Extract(model.Transform(set.Test), set.Task, Classes(set)));
    }

    public static double TestScore(EnsembleModel model, string dataset) => Score(Data(dataset), model.PredictMatrix(Data(dataset).Test));
}
