using Microsoft.ML.Transforms.Image;
using SkiaSharp;

namespace DeepRoad.Pipelines.Images;

/// <summary>
/// What a run of ML.NET image transforms does to one image path (LoadImages, optionally ResizeImages, optionally
/// ConvertToGrayscale, then ExtractPixels to floats), read from the fitted transformers by <see cref="DirectImagePixels"/>.
/// </summary>
internal sealed record PixelSpec(
    string PathColumn,
    string? ImageFolder,
    int Width,
    int Height,
    ImageResizingEstimator.ResizingKind? Resizing,
    ImageResizingEstimator.Anchor Anchor,
    bool Grayscale,
    ImagePixelExtractingEstimator.ColorBits Colors,
    ImagePixelExtractingEstimator.ColorsOrder Order,
    bool Interleave,
    float Offset,
    float Scale,
    string OutputColumn)
{
    /// <summary>Values per image: planes x height x width.</summary>
    public int Size => Planes * Width * Height;

    /// <summary>How many color planes the extraction writes.</summary>
    public int Planes => System.Numerics.BitOperations.PopCount((uint)Colors);
}

/// <summary>
/// Reads one image file into pixel values exactly as ML.NET 5's image transforms do (same SkiaSharp 2.88 calls: decode
/// with the codec, resize by drawing into an opaque bitmap with high filter quality or by scaling pixels for Fill, the
/// same grayscale color matrix, the same extraction arithmetic), but disposes every SkiaSharp object it makes before it
/// returns and leaves none to the garbage collector's finalizer thread.
/// </summary>
/// <remarks>
/// Why: finalizing SkiaSharp objects on the finalizer thread while other threads decode images can corrupt the native heap
/// and kill the process (<c>benchmarks/results/skia_stress.md</c>). ML.NET's chain leaves some to the finalizer: its
/// grayscale step allocates a bitmap per image it never uses, and its copy of a gray or 16-bit image to 32-bit pixels goes
/// through <c>SKBitmap.CopyTo</c>, whose shader SkiaSharp never disposes. Here an image is decoded straight to 32-bit
/// BGRA by the codec, so no copy is needed.
/// Differences from ML.NET: an empty path gives a vector of zeros (ML.NET gives zeros or fails, depending on the row
/// before); a file that cannot be decoded is an error naming the file.
/// </remarks>
internal static class SkiaPixelReader
{
    // The matrix of MLImage.CloneWithGrayscale (ML.NET 5).
    private static readonly float[] GrayMatrix =
    [
        0.3f, 0.59f, 0.11f, 0, 0,
        0.3f, 0.59f, 0.11f, 0, 0,
        0.3f, 0.59f, 0.11f, 0, 0,
        0, 0, 0, 1, 0,
    ];

    /// <summary>Fills <paramref name="values"/> (length <see cref="PixelSpec.Size"/>) with the pixels of the file at <paramref name="path"/>.</summary>
    public static void Read(string path, PixelSpec spec, Span<float> values)
    {
        if (values.Length != spec.Size) throw new ArgumentException($"expected {spec.Size} values, got {values.Length}.", nameof(values));
        byte[] bytes = File.ReadAllBytes(path);
        using var image = Decode(bytes, path);
        SKBitmap current = image;
        SKBitmap? resized = null, gray = null;
        try
        {
            if (spec.Resizing is { } kind && (current.Width != spec.Width || current.Height != spec.Height))
                current = resized = Resize(current, spec.Width, spec.Height, kind, spec.Anchor, path);
            if (spec.Grayscale)
                current = gray = Grayscale(current);
            if (current.Width != spec.Width || current.Height != spec.Height)
                throw new InvalidDataException(
                    $"{path}: the image is {current.Width}x{current.Height} but the pixel extraction expects {spec.Width}x{spec.Height} (no resize step).");
            Extract(current, spec, values);
        }
        finally
        {
            gray?.Dispose();
            resized?.Dispose();
        }
    }

    // SKBitmap.Decode(SKCodec) keeps the codec's color type and makes Unpremul Premul; MLImage then copies anything that is
    // not 32-bit BGRA/RGBA to BGRA. Decoding straight to BGRA gives the same 8-bit values for 8-bit images.
    private static SKBitmap Decode(byte[] bytes, string path)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{path}: not an image file SkiaSharp can decode ({bytes.Length} bytes).");
        var encoded = codec.Info;
        var alpha = encoded.AlphaType == SKAlphaType.Unpremul ? SKAlphaType.Premul : encoded.AlphaType;
        var info = new SKImageInfo(encoded.Width, encoded.Height, SKColorType.Bgra8888, alpha);
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            bitmap.Dispose();
            throw new InvalidDataException($"{path}: SkiaSharp could not decode the image ({result}).");
        }
        return bitmap;
    }

    // MLImage.CloneWithResizing: Fill scales the pixels without filtering; IsoPad and IsoCrop draw the whole image into a
    // rectangle of the target that keeps its aspect ratio (anchored for IsoCrop), with high filter quality.
    private static SKBitmap Resize(SKBitmap source, int width, int height, ImageResizingEstimator.ResizingKind kind,
        ImageResizingEstimator.Anchor anchor, string path)
    {
        if (kind == ImageResizingEstimator.ResizingKind.Fill)
        {
            var scaled = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType));
            if (!source.ScalePixels(scaled, SKFilterQuality.None))
            {
                scaled.Dispose();
                throw new InvalidDataException($"{path}: SkiaSharp could not resize the image to {width}x{height}.");
            }
            return scaled;
        }

        // IsoPad fits the whole image (the smaller scale), IsoCrop fills the target (the larger). The spare room along an
        // axis is about 0 where the image fits it exactly, so any offset rule gives 0 there, as ML.NET's does.
        float widthAspect = (float)width / source.Width;
        float heightAspect = (float)height / source.Height;
        bool pad = kind == ImageResizingEstimator.ResizingKind.IsoPad;
        float aspect = (heightAspect < widthAspect) == pad ? heightAspect : widthAspect;
        float spareX = width - source.Width * aspect, spareY = height - source.Height * aspect;
        int x = pad ? (int)(spareX / 2) : Offset(spareX, anchor == ImageResizingEstimator.Anchor.Left, anchor == ImageResizingEstimator.Anchor.Right);
        int y = pad ? (int)(spareY / 2) : Offset(spareY, anchor == ImageResizingEstimator.Anchor.Top, anchor == ImageResizingEstimator.Anchor.Bottom);
        int w = (int)(source.Width * aspect);
        int h = (int)(source.Height * aspect);
        var target = new SKBitmap(width, height, isOpaque: true);
        try
        {
            using var canvas = new SKCanvas(target);
            using var paint = new SKPaint { FilterQuality = SKFilterQuality.High };
            canvas.DrawBitmap(source, new SKRect(0, 0, source.Width, source.Height), new SKRect(x, y, x + w, y + h), paint);
        }
        catch
        {
            target.Dispose();
            throw;
        }
        return target;
    }

    // An IsoCrop offset along one axis: at the start, at the end, or centred (MLImage.ResizeWithCrop's anchors).
    private static int Offset(float spare, bool atStart, bool atEnd) => atStart ? 0 : atEnd ? (int)spare : (int)(spare / 2);

    // MLImage.CloneWithGrayscale, without the bitmap it allocates and never uses.
    private static SKBitmap Grayscale(SKBitmap source)
    {
        var target = new SKBitmap(source.Width, source.Height, isOpaque: true);
        try
        {
            using var filter = SKColorFilter.CreateColorMatrix(GrayMatrix);
            using var paint = new SKPaint { ColorFilter = filter, FilterQuality = SKFilterQuality.High };
            using var canvas = new SKCanvas(target);
            canvas.DrawBitmap(source, 0f, 0f, paint);
        }
        catch
        {
            target.Dispose();
            throw;
        }
        return target;
    }

    // ImagePixelExtractingTransformer's float getter: (value - offset) * scale, planar or interleaved, in the order asked.
    private static void Extract(SKBitmap bitmap, PixelSpec spec, Span<float> values)
    {
        var (ia, ir, ig, ib) = bitmap.ColorType switch
        {
            SKColorType.Bgra8888 => (3, 2, 1, 0),
            SKColorType.Rgba8888 => (3, 0, 1, 2),
            _ => throw new InvalidOperationException($"unexpected pixel format {bitmap.ColorType}."),
        };
        Order(spec.Order, spec.Colors, out int a, out int r, out int g, out int b);
        ReadOnlySpan<byte> pixels = bitmap.GetPixelSpan();
        int width = spec.Width, height = spec.Height, planes = spec.Planes, cpix = width * height;
        int rowBytes = bitmap.RowBytes;
        float offset = spec.Offset, scale = spec.Scale;
        for (int row = 0; row < height; row++)
        {
            int source = row * rowBytes;
            for (int col = 0; col < width; col++, source += 4)
            {
                int pixel = row * width + col;
                int Index(int plane) => spec.Interleave ? pixel * planes + plane : pixel + cpix * plane;
                if (a != -1) values[Index(a)] = (pixels[source + ia] - offset) * scale;
                if (r != -1) values[Index(r)] = (pixels[source + ir] - offset) * scale;
                if (g != -1) values[Index(g)] = (pixels[source + ig] - offset) * scale;
                if (b != -1) values[Index(b)] = (pixels[source + ib] - offset) * scale;
            }
        }
    }

    // ImagePixelExtractingEstimator.GetOrder: the position of each extracted color in the order's letters.
    private static void Order(ImagePixelExtractingEstimator.ColorsOrder order, ImagePixelExtractingEstimator.ColorBits colors,
        out int a, out int r, out int g, out int b)
    {
        a = r = g = b = -1;
        int next = 0;
        foreach (char c in order.ToString().ToLowerInvariant())
        {
            switch (c)
            {
                case 'a' when (colors & ImagePixelExtractingEstimator.ColorBits.Alpha) != 0: a = next++; break;
                case 'r' when (colors & ImagePixelExtractingEstimator.ColorBits.Red) != 0: r = next++; break;
                case 'g' when (colors & ImagePixelExtractingEstimator.ColorBits.Green) != 0: g = next++; break;
                case 'b' when (colors & ImagePixelExtractingEstimator.ColorBits.Blue) != 0: b = next++; break;
            }
        }
    }
}
