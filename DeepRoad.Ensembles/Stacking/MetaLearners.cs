using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace DeepRoad.Ensembles;

/// <summary>Default meta-learners for stacking: regularised linear models over normalised stacked features.</summary>
public static class MetaLearners
{
    /// <summary>
    /// Binary: L-BFGS logistic regression (L2 = 1); multiclass: L-BFGS maximum entropy (L2 = 1);
    /// regression: SDCA least squares with L2 (ML.NET's OLS lives in the unserved Mkl package).
    /// Features are mean/variance normalised first so the penalty treats them alike.
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
        _ => new EnsembleMember("linear-l2", ctx =>
            ctx.Transforms.NormalizeMeanVariance(featureColumnName).Append(ctx.Regression.Trainers.Sdca(
                new SdcaRegressionTrainer.Options
                {
                    LabelColumnName = labelColumnName, FeatureColumnName = featureColumnName,
                    L2Regularization = 1e-4f, L1Regularization = 0f, MaximumNumberOfIterations = 1000, ConvergenceTolerance = 1e-6f,
                    NumberOfThreads = 1, Shuffle = false,
                }))),
    };
}
