using SkiaSharp;

namespace DeepRoad.Tests.Images;

/// <summary>Image files drawn pixel by pixel, and the row types the image tests read them through.</summary>
internal static class TestImages
{
    /// <summary>Writes a <paramref name="width"/> x <paramref name="height"/> image of <paramref name="pixel"/> to dir/name.</summary>
    public static string Write(string dir, string name, int width, int height, SKColorType type, SKAlphaType alpha,
        Func<int, int, SKColor> pixel, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 90)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, type, alpha));
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, pixel(x, y));
        string path = Path.Combine(dir, name);
        using var data = bitmap.Encode(format, quality);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }
}

/// <summary>One image path, as the image transforms read it.</summary>
public sealed class PathRow
{
    public string ImagePath { get; set; } = "";
}

/// <summary>The pixel column "px".</summary>
public sealed class PixelsRow
{
    public float[] px { get; set; } = [];
}
