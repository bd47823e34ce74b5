using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// Ensembles over any ML.NET estimators: <c>mlContext.DeepRoad().Ensembles.Stacking(...)</c> etc.
/// Each kind has a flat overload with defaults and one taking an options record.
/// </summary>
public sealed class EnsembleCatalog
{
    internal EnsembleCatalog(MLContext context) => Context = context;

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }

    /// <summary>Bagging of <paramref name="numberOfMembers"/> bootstrap copies of <paramref name="member"/>.</summary>
    public BaggingEstimator Bagging(EnsembleMember member, int numberOfMembers = 10, double maxSamples = 1.0, double maxFeatures = 1.0,
        bool outOfBagScore = false, string labelColumnName = "Label", int seed = 0) =>
        new(Context, new BaggingOptions
        {
            Member = member, NumberOfMembers = numberOfMembers, MaxSamples = maxSamples, MaxFeatures = maxFeatures,
            OutOfBagScore = outOfBagScore, LabelColumnName = labelColumnName, Seed = seed,
        });

    /// <summary>Bagging with full options.</summary>
    public BaggingEstimator Bagging(BaggingOptions options) => new(Context, options);

    /// <summary>AdaBoost (SAMME.R for classification, R2 for regression) of <paramref name="member"/>.</summary>
    public AdaBoostEstimator AdaBoost(EnsembleMember member, int rounds = 50, double learningRate = 1.0,
        AdaBoostAlgorithm algorithm = AdaBoostAlgorithm.SammeR, string labelColumnName = "Label", int seed = 0) =>
        new(Context, new AdaBoostOptions
        {
            Member = member, Rounds = rounds, LearningRate = learningRate, Algorithm = algorithm, LabelColumnName = labelColumnName, Seed = seed,
        });

    /// <summary>AdaBoost with full options.</summary>
    public AdaBoostEstimator AdaBoost(AdaBoostOptions options) => new(Context, options);

    /// <summary>Stacking with a default meta-learner over <paramref name="members"/>.</summary>
    public StackingEstimator Stacking(IReadOnlyList<EnsembleMember> members, int folds = 5, int layers = 1, bool passthrough = false,
        string labelColumnName = "Label", int seed = 0) =>
        new(Context, new StackingOptions
        {
            Members = members, Folds = folds, Layers = layers, Passthrough = passthrough, LabelColumnName = labelColumnName, Seed = seed,
        });

    /// <summary>Stacking with full options.</summary>
    public StackingEstimator Stacking(StackingOptions options) => new(Context, options);

    /// <summary>Voting over <paramref name="members"/> (equal weights unless given).</summary>
    public VotingEstimator Voting(IReadOnlyList<EnsembleMember> members, VotingMode mode = VotingMode.Soft, IReadOnlyList<double>? weights = null,
        string labelColumnName = "Label", int seed = 0) =>
        new(Context, new VotingOptions { Members = members, Mode = mode, Weights = weights, LabelColumnName = labelColumnName, Seed = seed });

    /// <summary>Voting with full options.</summary>
    public VotingEstimator Voting(VotingOptions options) => new(Context, options);

    /// <summary>Caruana ensemble selection over <paramref name="members"/>' out-of-fold predictions.</summary>
    public SelectionEstimator Selection(IReadOnlyList<EnsembleMember> members, MetricKind? metric = null, int folds = 5, int iterations = 25,
        string labelColumnName = "Label", int seed = 0) =>
        new(Context, new SelectionOptions
        {
            Members = members, Metric = metric, Folds = folds, Iterations = iterations, LabelColumnName = labelColumnName, Seed = seed,
        });

    /// <summary>Ensemble selection with full options.</summary>
    public SelectionEstimator Selection(SelectionOptions options) => new(Context, options);

    /// <summary>Caruana selection over given predictions (for example AutoML trials' out-of-fold predictions).</summary>
    public EnsembleSelectionResult Select(IReadOnlyList<PredictionMatrix> library, ReadOnlySpan<float> truth, MLTask task, EnsembleSelectionOptions? options = null) =>
        EnsembleSelection.Select(library, truth, task, options);

    /// <summary>
    /// Extremely randomized trees (scikit-learn's ExtraTreesClassifier / ExtraTreesRegressor) over a feature vector;
    /// the task follows the label's type (Boolean, key or Single).
    /// </summary>
    public ExtraTreesEstimator ExtraTrees(int numberOfTrees = 100, int minimumExampleCountPerLeaf = 1, double? featureFraction = null,
        string labelColumnName = "Label", string featureColumnName = "Features", int seed = 0) =>
        new(Context, new ExtraTreesOptions
        {
            NumberOfTrees = numberOfTrees, MinimumExampleCountPerLeaf = minimumExampleCountPerLeaf, FeatureFraction = featureFraction,
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Seed = seed,
        });

    /// <summary>Extremely randomized trees with full options.</summary>
    public ExtraTreesEstimator ExtraTrees(ExtraTreesOptions options) => new(Context, options);

    /// <summary>
    /// Random forest (scikit-learn's RandomForestClassifier / RandomForestRegressor: bootstrap samples, best
    /// thresholds of a few random features per split) over a feature vector; the task follows the label's type.
    /// </summary>
    public RandomForestEstimator RandomForest(int numberOfTrees = 100, int minimumExampleCountPerLeaf = 1, double? featureFraction = null,
        string labelColumnName = "Label", string featureColumnName = "Features", int seed = 0) =>
        new(Context, new RandomForestOptions
        {
            NumberOfTrees = numberOfTrees, MinimumExampleCountPerLeaf = minimumExampleCountPerLeaf, FeatureFraction = featureFraction,
            LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName, Seed = seed,
        });

    /// <summary>Random forest with full options.</summary>
    public RandomForestEstimator RandomForest(RandomForestOptions options) => new(Context, options);

    /// <summary>
    /// Complement (default) or multinomial naive Bayes (scikit-learn's ComplementNB / MultinomialNB) over non-negative
    /// features such as TF-IDF; binary or multiclass, from the label's type.
    /// </summary>
    public NaiveBayesEstimator NaiveBayes(NaiveBayesKind kind = NaiveBayesKind.Complement, double alpha = 1.0,
        string labelColumnName = "Label", string featureColumnName = "Features") =>
        new(Context, new NaiveBayesOptions { Kind = kind, Alpha = alpha, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>Naive Bayes with full options.</summary>
    public NaiveBayesEstimator NaiveBayes(NaiveBayesOptions options) => new(Context, options);

    /// <summary>
    /// k nearest neighbours (scikit-learn's KNeighborsClassifier / KNeighborsRegressor, brute force) over a feature
    /// vector on comparable scales; the task follows the label's type.
    /// </summary>
    public KNearestNeighborsEstimator KNearestNeighbors(int numberOfNeighbors = 5, NeighborWeighting weighting = NeighborWeighting.Uniform,
        string labelColumnName = "Label", string featureColumnName = "Features") =>
        new(Context, new KNearestNeighborsOptions
        {
            NumberOfNeighbors = numberOfNeighbors, Weighting = weighting, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
        });

    /// <summary>k nearest neighbours with full options.</summary>
    public KNearestNeighborsEstimator KNearestNeighbors(KNearestNeighborsOptions options) => new(Context, options);

    /// <summary>
    /// Elastic-net (L1 + L2) linear regression by coordinate descent over a regularisation path, the penalty chosen by
    /// cross-validation unless given (scikit-learn's ElasticNetCV; <paramref name="l1Ratio"/> 1 is LassoCV).
    /// </summary>
    public ElasticNetEstimator ElasticNet(double l1Ratio = 0.5, string labelColumnName = "Label", string featureColumnName = "Features") =>
        new(Context, new ElasticNetOptions { L1Ratio = l1Ratio, LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName });

    /// <summary>The elastic net with full options.</summary>
    public ElasticNetEstimator ElasticNet(ElasticNetOptions options) => new(Context, options);

    /// <summary>Loads an ensemble saved with <see cref="EnsembleModel.Save(string)"/>.</summary>
    public EnsembleModel Load(string path) => EnsembleModel.Load(Context, path);
}
