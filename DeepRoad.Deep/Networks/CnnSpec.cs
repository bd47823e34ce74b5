using static TorchSharp.torch;

namespace DeepRoad.Deep.Networks;

/// <summary>
/// Convolutional network for images: per entry of <see cref="Channels"/> a Conv-BatchNorm-ReLU-MaxPool(2) block,
/// then global average pooling, dropout and a linear head. Input rows are planar pixels (channel, height, width),
/// as produced by DeepRoad.Pipelines.Images (ML.NET ExtractPixels).
/// </summary>
public sealed record CnnSpec : NetworkSpec
{
    /// <summary>Image channels (1 grayscale, 3 colour).</summary>
    public int ImageChannels { get; init; } = 1;

    /// <summary>Image height in pixels.</summary>
    public int ImageHeight { get; init; } = 32;

    /// <summary>Image width in pixels.</summary>
    public int ImageWidth { get; init; } = 32;

    /// <summary>Output channels of each convolution block.</summary>
    public IReadOnlyList<int> Channels { get; init; } = [16, 32];

    /// <summary>Convolution kernel size (odd; "same" padding).</summary>
    public int KernelSize { get; init; } = 3;

    /// <summary>Dropout before the head.</summary>
    public double Dropout { get; init; }

    /// <summary>Hidden width of the head (0 = a single linear layer).</summary>
    public int HeadHidden { get; init; }

    /// <inheritdoc />
    public override void Validate()
    {
        if (ImageChannels < 1 || ImageHeight < 1 || ImageWidth < 1)
            throw new ArgumentException("CNN options ImageChannels, ImageHeight and ImageWidth must be positive.", nameof(ImageHeight));
        if (Channels is null || Channels.Count == 0 || Channels.Any(c => c < 1))
            throw new ArgumentException("CNN option Channels must list positive channel counts.", nameof(Channels));
        if (KernelSize < 1 || KernelSize % 2 == 0) throw new ArgumentException("CNN option KernelSize must be odd and positive.", nameof(KernelSize));
        if (Dropout is < 0 or >= 1) throw new ArgumentException("CNN option Dropout must be in [0, 1).", nameof(Dropout));
        if (HeadHidden < 0) throw new ArgumentException("CNN option HeadHidden must be non-negative.", nameof(HeadHidden));
    }

    /// <inheritdoc />
    public override nn.Module<Tensor, Tensor> Build(int inputSize, int outputs, IReadOnlyList<int> categoricalCardinalities)
    {
        Validate();
        if (inputSize != ImageChannels * ImageHeight * ImageWidth)
            throw new ArgumentException(
                $"The image input has {inputSize} values per row but the CNN expects {ImageChannels}x{ImageHeight}x{ImageWidth} = " +
                $"{ImageChannels * ImageHeight * ImageWidth}. Resize the images to one size (ImageDatasetOptions.Width/Height).");
        return new CnnModule(this, outputs);
    }
}
