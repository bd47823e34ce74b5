namespace DeepRoad.Tuning.Samplers;

/// <summary>How the Gaussian-process sampler treats pending (running) trials when proposing in parallel.</summary>
public enum BatchStrategy
{
    /// <summary>Constant liar with the worst observed value: pushes proposals away from pending points (most diverse).</summary>
    ConstantLiarWorst,

    /// <summary>Constant liar with the mean observed value.</summary>
    ConstantLiarMean,

    /// <summary>Constant liar with the best observed value (greedy).</summary>
    ConstantLiarBest,

    /// <summary>Kriging believer: pending points take the model's posterior mean.</summary>
    KrigingBeliever,
}
