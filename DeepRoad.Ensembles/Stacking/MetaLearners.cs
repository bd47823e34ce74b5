using DeepRoad.Pipelines;
using Microsoft.ML;
using DeepRoad.Ensembles.Stacking;
using Microsoft.ML.Trainers;

namespace DeepRoad.Ensembles;

/// <summary>Default meta-learners for stacking: regularised linear models over normalised stacked features.</summary>
public static class MetaLearners
{
    /// <summary>
    /// Binary: L-BFGS logistic regression (L2 = 1); multiclass: L-BFGS maximum entropy (L2 = 1);
    /// regression: ridge regression solved exactly (<see cref="RidgeRegressionEstimator"/>) with its penalty chosen from
    /// <see cref="RidgeRegressionEstimator.DefaultAlphas"/> by exact leave-one-out error, like scikit-learn's
    /// StackingRegressor default (RidgeCV); ML.NET's OLS lives in the unserved Mkl package, and SDCA converged slowly
    /// and short on the highly correlated stacked predictions. Features are standardised first so the penalty treats them alike.
    /// </summary>
    public static EnsembleMember Default(MLTask task, string labelColumnName = "Label", string featureColumnName = "Features") => task switch
    {
        MLTask.BinaryClassification => new EnsembleMember("logistic-l2", ctx =>
            ctx.Transforms.NormalizeMeanVariance(featureColumnName).Append(ctx.BinaryClassification.Trainers.LbfgsLogisticRegression(
                new LbfgsLogisticRegressionBinaryTrainer.Options
                {
                    LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
                    L2Regularization = 1f, L1Regularization = 0f, NumberOfThreads = 1,
                }))),
        MLTask.MulticlassClassification => new EnsembleMember("maxent-l2", ctx =>
            ctx.Transforms.NormalizeMeanVariance(featureColumnName).Append(ctx.MulticlassClassification.Trainers.LbfgsMaximumEntropy(
                new LbfgsMaximumEntropyMulticlassTrainer.Options
                {
                    LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
                    L2Regularization = 1f, L1Regularization = 0f, NumberOfThreads = 1,
                }))),
        _ => new EnsembleMember("ridge", _ => new RidgeRegressionEstimator(labelColumnName, featureColumnName, RidgeRegressionEstimator.DefaultAlphas)),
    };
}
