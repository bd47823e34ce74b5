using DeepRoad.Pipelines;
using Microsoft.ML;
using DeepRoad.Ensembles.Stacking;
using Microsoft.ML.Trainers;

namespace DeepRoad.Ensembles;

/// <summary>Default meta-learners for stacking: regularised linear models over normalised stacked features.</summary>
public static class MetaLearners
{
    /// <summary>
    /// The L2 penalties <see cref="CrossValidated"/> tries for a classification meta-learner: 10^-2 to 10^3 in decades.
    /// ML.NET's L-BFGS adds L2/2 |w|^2 to the summed (not averaged) log loss, so the useful range grows with the rows.
    /// </summary>
    public static IReadOnlyList<double> DefaultClassificationL2 { get; } = [0.01, 0.1, 1, 10, 100, 1000];

    /// <summary>
    /// Binary: L-BFGS logistic regression (L2 = 1); multiclass: L-BFGS maximum entropy (L2 = 1);
    /// regression: ridge regression solved exactly (<see cref="RidgeRegressionEstimator"/>) with its penalty chosen from
    /// <see cref="RidgeRegressionEstimator.DefaultAlphas"/> by exact leave-one-out error, like scikit-learn's
    /// StackingRegressor default (RidgeCV); ML.NET's OLS lives in the unserved Mkl package, and SDCA converged slowly
    /// and short on the highly correlated stacked predictions. Features are standardised first so the penalty treats them alike.
    /// <see cref="StackingOptions.CrossValidateMetaLearner"/> switches stacking to <see cref="CrossValidated"/>.
    /// </summary>
    public static EnsembleMember Default(MLTask task, string labelColumnName = "Label", string featureColumnName = "Features") => task switch
    {
        MLTask.BinaryClassification or MLTask.MulticlassClassification => Linear(task, 1.0, labelColumnName, featureColumnName),
        _ => new EnsembleMember("ridge", _ => new RidgeRegressionEstimator(labelColumnName, featureColumnName, RidgeRegressionEstimator.DefaultAlphas)),
    };

    /// <summary>
    /// With <see cref="StackingOptions.CrossValidateMetaLearner"/>: classification picks the L2 penalty of the logistic / maximum-entropy meta-learner from
    /// <paramref name="l2"/> (null = <see cref="DefaultClassificationL2"/>) by stratified <paramref name="folds"/>-fold
    /// log loss on the out-of-fold matrix (<see cref="CrossValidatedEstimator"/>, like scikit-learn's LogisticRegressionCV);
    /// regression is <see cref="Default"/> (ridge with a leave-one-out penalty).
    /// </summary>
    public static EnsembleMember CrossValidated(MLTask task, string labelColumnName = "Label", string featureColumnName = "Features",
        IReadOnlyList<double>? l2 = null, int folds = 5, int seed = 0)
    {
        if (task == MLTask.Regression) return Default(task, labelColumnName, featureColumnName);
        var grid = l2 ?? DefaultClassificationL2;
        if (grid.Count == 0) throw new ArgumentException("At least one L2 penalty is required.", nameof(l2));
        var candidates = grid.Select(v => Linear(task, v, labelColumnName, featureColumnName)).ToArray();
        string name = task == MLTask.BinaryClassification ? "logistic-cv" : "maxent-cv";
        return new EnsembleMember(name, _ => new CrossValidatedEstimator(candidates, folds, seed, labelColumnName: labelColumnName));
    }

    /// <summary>
    /// Classification meta-learner with L2 penalty <paramref name="l2"/>: standardised features, then L-BFGS logistic
    /// regression (binary) or maximum entropy (multiclass).
    /// </summary>
    public static EnsembleMember Linear(MLTask task, double l2, string labelColumnName = "Label", string featureColumnName = "Features")
    {
        if (task == MLTask.Regression) throw new ArgumentException("Linear is the classification meta-learner; regression uses Default (ridge).", nameof(task));
        if (!(l2 >= 0)) throw new ArgumentOutOfRangeException(nameof(l2), l2, "The L2 penalty must be zero or more.");
        string suffix = l2 == 1.0 ? "l2" : FormattableString.Invariant($"l2={l2:G4}");
        return task == MLTask.BinaryClassification
            ? new EnsembleMember($"logistic-{suffix}", ctx =>
                ctx.Transforms.NormalizeMeanVariance(featureColumnName).Append(ctx.BinaryClassification.Trainers.LbfgsLogisticRegression(
                    new LbfgsLogisticRegressionBinaryTrainer.Options
                    {
                        LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
                        L2Regularization = (float)l2, L1Regularization = 0f, NumberOfThreads = 1,
                    })))
            : new EnsembleMember($"maxent-{suffix}", ctx =>
                ctx.Transforms.NormalizeMeanVariance(featureColumnName).Append(ctx.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                    new LbfgsMaximumEntropyMulticlassTrainer.Options
                    {
                        LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
                        L2Regularization = (float)l2, L1Regularization = 0f, NumberOfThreads = 1,
                    })));
    }
}
