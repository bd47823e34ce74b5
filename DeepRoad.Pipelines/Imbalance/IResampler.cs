using Microsoft.ML;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// A training-time change of the class balance (weights, over- or under-sampling, SMOTE). It is applied to training
/// rows only: by <see cref="Evaluation.CrossValidator"/> to each training fold (option
/// <see cref="Evaluation.CrossValidationOptions.Resampler"/>), or by <see cref="ResamplingEstimator"/> inside a
/// pipeline, so held-out rows are never resampled.
/// </summary>
public interface IResampler
{
    /// <summary>
    /// The rebalanced training data. The label column follows the label contract (Boolean or key).
    /// Every random choice comes from <paramref name="seed"/>.
    /// </summary>
    IDataView Resample(MLContext mlContext, IDataView trainingData, int seed, CancellationToken cancellationToken = default);

    /// <summary>
    /// The schema shape of the resampled data, so pipelines can be checked before training
    /// (<see cref="IEstimator{TTransformer}.GetOutputSchema"/>). Default: unchanged.
    /// </summary>
    SchemaShape GetOutputSchema(SchemaShape inputSchema) => inputSchema;
}
