namespace DeepRoad.Pipelines.Images;

/// <summary>How image files become pixel vectors (ML.NET ImageAnalytics: LoadImages, ResizeImages, ExtractPixels).</summary>
public sealed record ImageDatasetOptions
{
    /// <summary>Resize to this width; null keeps the files' size, which must then be the same for every image.</summary>
    public int? Width { get; init; }

    /// <summary>Resize to this height; null keeps the files' size.</summary>
    public int? Height { get; init; }

    /// <summary>One grayscale channel instead of three colour channels.</summary>
    public bool Grayscale { get; init; }

    /// <summary>Pixel scale (default 1/255: values in [0, 1]).</summary>
    public float Scale { get; init; } = 1f / 255f;

    /// <summary>Output column: planar pixels (channel, height, width) as a vector of Single.</summary>
    public string OutputColumn { get; init; } = "Features";

    /// <summary>Throws <see cref="ArgumentException"/> naming the invalid option.</summary>
    public void Validate()
    {
        if (Width is < 1 || Height is < 1) throw new ArgumentException("Image options Width and Height must be positive.", nameof(Width));
        if (Width.HasValue != Height.HasValue) throw new ArgumentException("Image options Width and Height must be set together.", nameof(Width));
        if (!(Scale > 0)) throw new ArgumentException("Image option Scale must be positive.", nameof(Scale));
    }
}
