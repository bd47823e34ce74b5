using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Runtime;
using DeepRoad.Deep.Training;
using SkiaSharp;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepRoad.Deep.Generative;

/// <summary>
/// A small DCGAN for one-channel images whose sides are multiples of 4 (for example 8x8 digits): the generator
/// projects noise to (C, H/4, W/4) and up-samples twice with transposed convolutions (BatchNorm, ReLU, sigmoid
/// output in [0, 1]); the discriminator mirrors it with strided convolutions and LeakyReLU. Trained on the images of
/// one class, <see cref="Generate"/> is a seeded data-augmentation source for that class.
/// </summary>
public sealed class ImageGan : IDisposable
{
    private readonly Sequential _generator;
    private readonly Device _device;

    private ImageGan(Sequential generator, GanOptions options, int height, int width, Device device, IReadOnlyList<(double D, double G)> losses)
    {
        _generator = generator;
        Options = options;
        Height = height;
        Width = width;
        _device = device;
        Losses = losses;
    }

    /// <summary>The options.</summary>
    public GanOptions Options { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Discriminator and generator loss every 50 steps.</summary>
    public IReadOnlyList<(double D, double G)> Losses { get; }

    /// <summary>
    /// Trains on <paramref name="images"/>: <paramref name="count"/> rows of height*width values in [0, 1].
    /// </summary>
    public static ImageGan Train(float[] images, int count, int height, int width, GanOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var o = options ?? new GanOptions();
        o.Validate();
        if (height % 4 != 0 || width % 4 != 0 || height < 4 || width < 4)
            throw new ArgumentException($"The GAN needs image sides that are multiples of 4; got {width}x{height}.");
        if (count < 2 || images.Length != count * height * width)
            throw new ArgumentException($"Expected {count} images of {height}x{width} values ({count * height * width}), got {images.Length}.");
        TorchRuntime.EnsureLoaded();
        TorchRuntime.SetThreads(o.Threads);
        var device = o.Device.ToTorchDevice();
        torch.manual_seed(o.Seed);
        int c = o.Channels, h4 = height / 4, w4 = width / 4;
        var g = nn.Sequential(
            ("project", nn.Linear(o.LatentSize, c * h4 * w4)),
            ("unflatten", nn.Unflatten(1, new long[] { c, h4, w4 })),
            ("bn0", HeldScalarBatchNorm.TwoD(c)),
            ("relu0", nn.ReLU()),
            ("up1", nn.ConvTranspose2d(c, c / 2, 4, stride: 2, padding: 1)),
            ("bn1", HeldScalarBatchNorm.TwoD(c / 2)),
            ("relu1", nn.ReLU()),
            ("up2", nn.ConvTranspose2d(c / 2, 1, 4, stride: 2, padding: 1)),
            ("out", nn.Sigmoid()));
        using var d = nn.Sequential(
            ("down1", nn.Conv2d(1, c / 2, 4, stride: 2, padding: 1)),
            ("lrelu1", new HeldLeakyReLU(0.2)),
            ("down2", nn.Conv2d(c / 2, c, 4, stride: 2, padding: 1)),
            ("lrelu2", new HeldLeakyReLU(0.2)),
            ("flatten", nn.Flatten()),
            ("score", nn.Linear(c * h4 * w4, 1)));
        g.to(device);
        d.to(device);
        using var optG = new TensorOptimizer(g.parameters(), OptimizerKind.Adam, o.LearningRate, beta1: 0.5);
        using var optD = new TensorOptimizer(d.parameters(), OptimizerKind.Adam, o.LearningRate, beta1: 0.5);
        using var smoothed = 0.9f.ToScalar(); // held, never a temporary: see TensorOptimizer
        var rng = new Random(o.Seed);
        int pixels = height * width, b = Math.Min(o.BatchSize, count);
        var losses = new List<(double, double)>();
        for (int step = 0; step < o.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var batch = new float[b * pixels];
            for (int i = 0; i < b; i++) Array.Copy(images, (long)rng.Next(count) * pixels, batch, (long)i * pixels, pixels);
            var real = Tensors.FromRows(batch, b, pixels, device).view(b, 1, height, width);
            var noise = Tensors.FromRows(Noise(rng, b, o.LatentSize), b, o.LatentSize, device);
            var ones = torch.ones(b, 1, device: device);
            var zeros = torch.zeros(b, 1, device: device);

            var fake = g.forward(noise);
            var lossD = nn.functional.binary_cross_entropy_with_logits(d.forward(real), ones.mul(smoothed))  // one-sided label smoothing
                .add(nn.functional.binary_cross_entropy_with_logits(d.forward(fake.detach()), zeros), Scalars.One);
            optD.ZeroGrad();
            lossD.backward();
            optD.Step();

            var lossG = nn.functional.binary_cross_entropy_with_logits(d.forward(fake), ones);
            optG.ZeroGrad();
            lossG.backward();
            optG.Step();
            if (step % 50 == 0 || step == o.Steps - 1) losses.Add((lossD.item<float>(), lossG.item<float>()));
        }
        g.eval();
        return new ImageGan(g, o, height, width, device, losses);
    }

    /// <summary><paramref name="n"/> generated images (row-major, height*width values in [0, 1] each), seeded.</summary>
    public float[] Generate(int n, int seed)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "Generate at least one image.");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var noise = Tensors.FromRows(Noise(new Random(seed), n, Options.LatentSize), n, Options.LatentSize, _device);
        return _generator.forward(noise).cpu().data<float>().ToArray();
    }

    /// <summary>Writes <paramref name="n"/> images as a PNG grid (<paramref name="columns"/> per row, each pixel scaled up).</summary>
    public static void SaveGrid(string path, float[] images, int n, int height, int width, int columns = 8, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(images);
        int rows = (n + columns - 1) / columns, pad = 1;
        int cellW = width * scale + pad, cellH = height * scale + pad;
        using var bmp = new SKBitmap(columns * cellW + pad, rows * cellH + pad, SKColorType.Gray8, SKAlphaType.Opaque);
        bmp.Erase(new SKColor(128, 128, 128));
        for (int k = 0; k < n; k++)
        {
            int ox = pad + k % columns * cellW, oy = pad + k / columns * cellH;
            for (int y = 0; y < height * scale; y++)
                for (int x = 0; x < width * scale; x++)
                {
                    byte v = (byte)Math.Clamp(images[k * height * width + y / scale * width + x / scale] * 255f, 0, 255);
                    bmp.SetPixel(ox + x, oy + y, new SKColor(v, v, v));
                }
        }
        using var img = SKImage.FromBitmap(bmp);
        using var data = img.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static float[] Noise(Random rng, int n, int size)
    {
        var z = new float[n * size];
        for (int i = 0; i < z.Length; i++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            z[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return z;
    }

    /// <summary>Frees the generator.</summary>
    public void Dispose() => _generator.Dispose();
}
