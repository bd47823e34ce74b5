using DeepRoad.Deep.Runtime;

namespace DeepRoad.Deep.Generative;

/// <summary>Options of <see cref="ImageGan"/>.</summary>
public sealed record GanOptions
{
    /// <summary>Size of the latent noise vector.</summary>
    public int LatentSize { get; init; } = 16;

    /// <summary>Generator channels after the first projection (halved by each up-sampling step).</summary>
    public int Channels { get; init; } = 64;

    /// <summary>Training steps (one discriminator and one generator update each).</summary>
    public int Steps { get; init; } = 600;

    /// <summary>Real images per step.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate of both networks (beta1 = 0.5, as in DCGAN).</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Seed of initialisation and training noise.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Torch threads; null = all cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Device.</summary>
    public DeviceSpec Device { get; init; } = DeviceSpec.Auto;

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid option.</summary>
    public void Validate()
    {
        if (LatentSize < 1 || Channels < 4 || Steps < 1 || BatchSize < 2)
            throw new ArgumentException("GAN options LatentSize, Channels (>= 4), Steps and BatchSize (>= 2) must be positive.");
        if (!(LearningRate > 0)) throw new ArgumentException("GAN option LearningRate must be positive.", nameof(LearningRate));
    }
}
