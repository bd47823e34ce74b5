namespace DeepRoad.Pipelines.Images;

/// <summary>
/// Applies <see cref="ImageAugmentationOptions"/> to planar pixel rows (as produced by ML.NET ExtractPixels with
/// interleave off): horizontal flip, rotation about the centre (bilinear, edge values outside) and random crop
/// (shift within the padding). Every random draw comes from the caller's seeded <see cref="Random"/>.
/// </summary>
public sealed class ImageAugmenter
{
    private readonly ImageAugmentationOptions _o;
    private readonly int _c, _h, _w;
    [ThreadStatic] private static float[]? _scratch;

    /// <summary>Creates an augmenter for images of <paramref name="channels"/> x <paramref name="height"/> x <paramref name="width"/>.</summary>
    public ImageAugmenter(ImageAugmentationOptions options, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (channels < 1 || height < 1 || width < 1) throw new ArgumentException("Image dimensions must be positive.");
        _o = options;
        (_c, _h, _w) = (channels, height, width);
    }

    /// <summary>Augments one image (length channels*height*width) in place.</summary>
    public void AugmentInPlace(Span<float> pixels, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (pixels.Length != _c * _h * _w)
            throw new ArgumentException($"Expected {_c * _h * _w} pixel values, got {pixels.Length}.", nameof(pixels));
        bool flip = _o.HorizontalFlipProbability > 0 && rng.NextDouble() < _o.HorizontalFlipProbability;
        double angle = _o.MaxRotationDegrees > 0 ? (rng.NextDouble() * 2 - 1) * _o.MaxRotationDegrees * Math.PI / 180 : 0;
        int dx = _o.CropPadding > 0 ? rng.Next(-_o.CropPadding, _o.CropPadding + 1) : 0;
        int dy = _o.CropPadding > 0 ? rng.Next(-_o.CropPadding, _o.CropPadding + 1) : 0;
        if (!flip && angle == 0 && dx == 0 && dy == 0) return;

        var src = _scratch is { } s && s.Length >= pixels.Length ? s : _scratch = new float[pixels.Length];
        pixels.CopyTo(src);
        double cos = Math.Cos(angle), sin = Math.Sin(angle);
        double cy = (_h - 1) / 2.0, cx = (_w - 1) / 2.0;
        int plane = _h * _w;
        for (int y = 0; y < _h; y++)
        {
            for (int x = 0; x < _w; x++)
            {
                // Inverse mapping: output (x, y) <- crop shift <- rotation <- flip.
                double ux = x + dx - cx, uy = y + dy - cy;
                double sx = cos * ux + sin * uy + cx;
                double sy = -sin * ux + cos * uy + cy;
                if (flip) sx = _w - 1 - sx;
                sx = Math.Clamp(sx, 0, _w - 1);
                sy = Math.Clamp(sy, 0, _h - 1);
                int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
                int x1 = Math.Min(x0 + 1, _w - 1), y1 = Math.Min(y0 + 1, _h - 1);
                float fx = (float)(sx - x0), fy = (float)(sy - y0);
                for (int c = 0; c < _c; c++)
                {
                    int o = c * plane;
                    float top = src[o + y0 * _w + x0] * (1 - fx) + src[o + y0 * _w + x1] * fx;
                    float bottom = src[o + y1 * _w + x0] * (1 - fx) + src[o + y1 * _w + x1] * fx;
                    pixels[o + y * _w + x] = top * (1 - fy) + bottom * fy;
                }
            }
        }
    }
}
