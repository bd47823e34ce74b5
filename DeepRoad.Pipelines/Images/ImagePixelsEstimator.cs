using System.Buffers.Binary;
using System.Collections.Concurrent;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace DeepRoad.Pipelines.Images;

/// <summary>
/// An image-path column to a vector of pixels scaled to 0..1, as ML.NET's image transforms define them (LoadImages,
/// ResizeImages to side x side, ExtractPixels), behind <see cref="ImageGate"/>, which reads the pixels itself with
/// <see cref="SkiaPixelReader"/>: one gray plane when every training image is grayscale (a gray PNG, or a one-component
/// JPEG, read from the file header), else three planes, red, green and blue (3 x side x side, planar, as a CNN of 3
/// channels reads them). <see cref="ImageChannels"/> tells which.
/// </summary>
/// <remarks>
/// There is no grayscale conversion step on purpose: the red plane of a gray image is its gray value, so gray images get
/// the same pixels as through ML.NET 5's <c>ConvertToGrayscale</c>, which allocates one SkiaSharp bitmap per image that
/// it never uses or disposes (finalized on the garbage collector's thread while images decode, those corrupted the native
/// heap; an AutoML search on the digits images died with SIGSEGV about once in twenty runs; see
/// <c>benchmarks/results/skia_stress.md</c>). The fitted model is ML.NET's own transformers, so it saves and loads like
/// the rest of a pipeline.
/// </remarks>
internal sealed class ImagePixelsEstimator(MLContext ml, string imageColumn, string outputColumn, string pathColumn, string baseDirectory, int side)
    : IEstimator<ITransformer>
{
    private static readonly ConcurrentDictionary<string, bool> GrayFiles = new(StringComparer.Ordinal);

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Chain(channels: 1).GetOutputSchema(inputSchema);

    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return ImageGate.Serialize(Chain(ImageChannels.Of(input, pathColumn, baseDirectory))).Fit(input);
    }

    private IEstimator<ITransformer> Chain(int channels) =>
        ml.Transforms.LoadImages(imageColumn, baseDirectory, pathColumn)
            .Append(ml.Transforms.ResizeImages(imageColumn, side, side, imageColumn))
            .Append(ml.Transforms.ExtractPixels(outputColumn, imageColumn,
                channels == 1 ? ImagePixelExtractingEstimator.ColorBits.Red : ImagePixelExtractingEstimator.ColorBits.Rgb,
                interleavePixelColors: false, scaleImage: 1f / 255f))
            .Append(ml.Transforms.DropColumns(imageColumn));

    /// <summary>True when every non-empty path in the column names a grayscale file (each file is read once per process).</summary>
    internal static bool AllGray(IDataView input, string pathColumn, string? baseDirectory)
    {
        var column = input.Schema.GetColumnOrNull(pathColumn);
        if (column is null || column.Value.Type is not TextDataViewType) return false;
        bool any = false;
        foreach (var value in input.GetColumn<ReadOnlyMemory<char>>(column.Value))
        {
            string path = value.ToString();
            if (string.IsNullOrWhiteSpace(path)) continue;
            string full = ImageFileCheck.Resolve(path, string.IsNullOrEmpty(baseDirectory) ? null : baseDirectory);
            if (!IsGrayscale(full)) return false;
            any = true;
        }
        return any;
    }

    /// <summary><see cref="IsGrayscaleFile"/>, read once per file and process.</summary>
    internal static bool IsGrayscale(string fullPath) => GrayFiles.GetOrAdd(fullPath, IsGrayscaleFile);

    /// <summary>
    /// True for a PNG of color type 0 (gray, no alpha) without a transparency chunk, or a baseline/progressive JPEG
    /// with one component. Any other file, or one that cannot be read, counts as color.
    /// </summary>
    internal static bool IsGrayscaleFile(string fullPath)
    {
        try
        {
            using var fs = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            Span<byte> head = stackalloc byte[33];
            if (fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) < head.Length) return false;
            if (head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
                return head[12..16].SequenceEqual("IHDR"u8) && head[25] == 0 && !PngHasChunk(fs, "tRNS"u8);
            if (head[0] == 0xFF && head[1] == 0xD8) return JpegComponents(fs) == 1;
            return false;
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    // Walks the chunks after IHDR up to the image data (ancillary chunks such as tRNS come before IDAT).
    private static bool PngHasChunk(FileStream fs, ReadOnlySpan<byte> type)
    {
        Span<byte> header = stackalloc byte[8];
        fs.Position = 33;
        while (fs.ReadAtLeast(header, 8, throwOnEndOfStream: false) == 8)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var kind = header[4..8];
            if (kind.SequenceEqual(type)) return true;
            if (kind.SequenceEqual("IDAT"u8) || kind.SequenceEqual("IEND"u8)) return false;
            fs.Position += length + 4L; // data and CRC
        }
        return false;
    }

    // The component count of the first start-of-frame segment, or 0.
    private static int JpegComponents(FileStream fs)
    {
        Span<byte> marker = stackalloc byte[4];
        fs.Position = 2;
        while (fs.ReadAtLeast(marker, 4, throwOnEndOfStream: false) == 4)
        {
            if (marker[0] != 0xFF) return 0;
            byte m = marker[1];
            int length = BinaryPrimitives.ReadUInt16BigEndian(marker[2..]);
            bool startOfFrame = m is >= 0xC0 and <= 0xCF && m is not (0xC4 or 0xC8 or 0xCC);
            if (startOfFrame)
            {
                Span<byte> frame = stackalloc byte[6];
                if (fs.ReadAtLeast(frame, 6, throwOnEndOfStream: false) < 6) return 0;
                return frame[5]; // precision, height (2), width (2), components
            }
            if (length < 2) return 0;
            fs.Position += length - 2;
        }
        return 0;
    }
}

/// <summary>How many color planes DeepRoad's image featurization gives an image-path column.</summary>
public static class ImageChannels
{
    /// <summary>
    /// 1 when every image the column of <paramref name="data"/> names is grayscale (read from the file headers), else 3
    /// (red, green and blue planes). Relative paths resolve against <paramref name="baseDirectory"/>.
    /// </summary>
    public static int Of(IDataView data, string pathColumn, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ImagePixelsEstimator.AllGray(data, pathColumn, baseDirectory) ? 1 : 3;
    }
}
