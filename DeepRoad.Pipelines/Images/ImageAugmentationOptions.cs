namespace DeepRoad.Pipelines.Images;

/// <summary>Seeded training-time augmentation of planar (channel, height, width) pixel rows.</summary>
public sealed record ImageAugmentationOptions
{
    /// <summary>Probability of a horizontal flip (0 disables; leave 0 for digits and text, where flips change meaning).</summary>
    public double HorizontalFlipProbability { get; init; }

    /// <summary>Maximum rotation in degrees (uniform in [-max, max]); 0 disables.</summary>
    public double MaxRotationDegrees { get; init; } = 10;

    /// <summary>Random crop: the image is padded by this many pixels (edge values) and a window of the original size is cut at a random offset; 0 disables.</summary>
    public int CropPadding { get; init; } = 2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid option.</summary>
    public void Validate()
    {
        if (HorizontalFlipProbability is < 0 or > 1)
            throw new ArgumentException("Augmentation option HorizontalFlipProbability must be in [0, 1].", nameof(HorizontalFlipProbability));
        if (MaxRotationDegrees is < 0 or > 180)
            throw new ArgumentException("Augmentation option MaxRotationDegrees must be in [0, 180].", nameof(MaxRotationDegrees));
        if (CropPadding < 0) throw new ArgumentException("Augmentation option CropPadding must be non-negative.", nameof(CropPadding));
    }
}
