namespace DeepRoad.Pipelines.Schema;

/// <summary>Recognises image paths by extension and checks image files by their signature bytes.</summary>
internal static class ImageFileCheck
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static bool HasImageExtension(string value)
    {
        var ext = Path.GetExtension(value.AsSpan().Trim());
        foreach (var e in Extensions)
            if (ext.Equals(e, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public static string Resolve(string value, string? baseDirectory)
    {
        value = value.Trim();
        return Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(baseDirectory ?? Directory.GetCurrentDirectory(), value));
    }

    /// <summary>True when the file starts with a PNG, JPEG, GIF, BMP or WebP signature.</summary>
    public static bool HasImageSignature(string fullPath)
    {
        Span<byte> head = stackalloc byte[12];
        int n;
        using (var fs = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None))
            n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        return head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
            || head.StartsWith("GIF8"u8)
            || head.StartsWith("BM"u8)
            || (n >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8));
    }
}
