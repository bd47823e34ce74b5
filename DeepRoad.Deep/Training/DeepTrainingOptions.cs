using DeepRoad.Deep.Runtime;

namespace DeepRoad.Deep.Training;

/// <summary>
/// Training options shared by every DeepRoad deep estimator. Every property is a plain value, so a tuner can
/// search over it. Validated by <see cref="Validate"/> when training starts.
/// </summary>
public sealed record DeepTrainingOptions
{
    /// <summary>Maximum number of passes over the training data.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Rows per mini-batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Base learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Momentum of SGD and RMSprop.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>Nesterov momentum for SGD (needs Momentum &gt; 0).</summary>
    public bool Nesterov { get; init; }

    /// <summary>Adam/AdamW beta1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam/AdamW beta2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>The learning-rate schedule.</summary>
    public LearningRateScheduleKind Schedule { get; init; } = LearningRateScheduleKind.Constant;

    /// <summary>Epochs of linear warm-up from 0 to the base learning rate (per batch), before the schedule.</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>Epochs between decays of the Step schedule.</summary>
    public int StepSize { get; init; } = 10;

    /// <summary>Decay factor of the Step and Exponential schedules.</summary>
    public double Gamma { get; init; } = 0.5;

    /// <summary>Power of the Polynomial schedule.</summary>
    public double PolynomialPower { get; init; } = 1.0;

    /// <summary>Final learning rate of the Cosine and Polynomial schedules, and floor of ReduceOnPlateau.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Epochs without validation improvement before ReduceOnPlateau multiplies the rate by <see cref="PlateauFactor"/>.</summary>
    public int PlateauPatience { get; init; } = 3;

    /// <summary>Factor of ReduceOnPlateau.</summary>
    public double PlateauFactor { get; init; } = 0.5;

    /// <summary>L1 penalty on weight matrices (added to the loss).</summary>
    public double L1 { get; init; }

    /// <summary>L2 penalty as weight decay (decoupled for AdamW, coupled for the others).</summary>
    public double L2 { get; init; }

    /// <summary>Clip the global gradient norm to this value; 0 disables clipping.</summary>
    public double GradientClipNorm { get; init; }

    /// <summary>Weigh classes by inverse frequency (n / (k * count)); ignored for regression.</summary>
    public bool BalancedClassWeights { get; init; }

    /// <summary>Explicit per-class weights in class (key) order; overrides <see cref="BalancedClassWeights"/>.</summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Fraction of training rows held out (seeded) for validation, early stopping and plateau; 0 = none. Ignored when an explicit validation set is given.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Stop after this many epochs without improvement of the monitored loss; 0 disables early stopping.</summary>
    public int EarlyStoppingPatience { get; init; }

    /// <summary>Minimum decrease of the monitored loss that counts as an improvement.</summary>
    public double EarlyStoppingMinDelta { get; init; }

    /// <summary>At the end, restore the weights of the epoch with the best monitored loss.</summary>
    public bool RestoreBestWeights { get; init; } = true;

    /// <summary>Seed of weight initialisation, dropout, shuffling, validation split and augmentation.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Torch intra-op threads; null = <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; init; }

    /// <summary>Device: auto (CUDA when available), cpu, or cuda:N.</summary>
    public DeviceSpec Device { get; init; } = DeviceSpec.Auto;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Check(Epochs >= 1, nameof(Epochs), "must be at least 1");
        Check(BatchSize >= 1, nameof(BatchSize), "must be at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "must be positive");
        Check(Momentum >= 0 && Momentum < 1, nameof(Momentum), "must be in [0, 1)");
        Check(!Nesterov || (Optimizer == OptimizerKind.Sgd && Momentum > 0), nameof(Nesterov), "needs the Sgd optimizer with Momentum > 0");
        Check(Beta1 is >= 0 and < 1 && Beta2 is >= 0 and < 1, nameof(Beta1), "betas must be in [0, 1)");
        Check(WarmupEpochs >= 0, nameof(WarmupEpochs), "must be non-negative");
        Check(StepSize >= 1, nameof(StepSize), "must be at least 1");
        Check(Gamma is > 0 and <= 1, nameof(Gamma), "must be in (0, 1]");
        Check(PolynomialPower > 0, nameof(PolynomialPower), "must be positive");
        Check(MinLearningRate >= 0 && MinLearningRate <= LearningRate, nameof(MinLearningRate), "must be in [0, LearningRate]");
        Check(PlateauPatience >= 1, nameof(PlateauPatience), "must be at least 1");
        Check(PlateauFactor is > 0 and < 1, nameof(PlateauFactor), "must be in (0, 1)");
        Check(L1 >= 0 && L2 >= 0, nameof(L1), "L1 and L2 must be non-negative");
        Check(GradientClipNorm >= 0, nameof(GradientClipNorm), "must be non-negative");
        Check(ValidationFraction is >= 0 and < 1, nameof(ValidationFraction), "must be in [0, 1)");
        Check(EarlyStoppingPatience >= 0, nameof(EarlyStoppingPatience), "must be non-negative");
        Check(EarlyStoppingMinDelta >= 0, nameof(EarlyStoppingMinDelta), "must be non-negative");
        Check(Threads is null or >= 1, nameof(Threads), "must be at least 1");
        Check(ClassWeights is null || ClassWeights.All(w => w > 0 && float.IsFinite(w)), nameof(ClassWeights), "must be positive");
    }

    private static void Check(bool ok, string option, string what)
    {
        if (!ok) throw new ArgumentException($"Deep training option {option} {what}.", option);
    }
}
