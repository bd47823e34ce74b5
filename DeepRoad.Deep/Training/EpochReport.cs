namespace DeepRoad.Deep.Training;

/// <summary>What one finished training epoch reports through <see cref="IProgress{T}"/>.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Epochs">The configured number of epochs.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's batches (without the L1 term).</param>
/// <param name="ValidationLoss">Mean loss on the validation rows, or NaN without validation data.</param>
/// <param name="ValidationMetric">Accuracy (classification) or RMSE in label units (regression) on the validation rows, or NaN.</param>
/// <param name="LearningRate">The learning rate at the end of the epoch.</param>
/// <param name="Elapsed">Wall time of the epoch.</param>
public sealed record EpochReport(
    int Epoch,
    int Epochs,
    double TrainLoss,
    double ValidationLoss,
    double ValidationMetric,
    double LearningRate,
    TimeSpan Elapsed);
