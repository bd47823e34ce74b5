namespace DeepRoad.Deep.Training;

/// <summary>How the learning rate changes over training (after the optional linear warm-up).</summary>
public enum LearningRateScheduleKind
{
    /// <summary>The base learning rate throughout.</summary>
    Constant,

    /// <summary>Multiplied by <c>Gamma</c> every <c>StepSize</c> epochs.</summary>
    Step,

    /// <summary>Multiplied by <c>Gamma</c> every epoch.</summary>
    Exponential,

    /// <summary>Polynomial decay to <c>MinLearningRate</c> at the last epoch with power <c>PolynomialPower</c>.</summary>
    Polynomial,

    /// <summary>Cosine annealing to <c>MinLearningRate</c> at the last epoch.</summary>
    Cosine,

    /// <summary>Multiplied by <c>PlateauFactor</c> when the validation loss has not improved for <c>PlateauPatience</c> epochs.</summary>
    ReduceOnPlateau,
}
