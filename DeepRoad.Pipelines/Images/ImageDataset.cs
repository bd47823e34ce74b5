using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Image;
using SkiaSharp;

namespace DeepRoad.Pipelines.Images;

/// <summary>
/// An image classification dataset: a CSV of <c>ImagePath,Label</c> (relative paths resolve against the CSV's folder)
/// or a folder per class. Every file is checked when the dataset is opened (exists, decodes), so a bad file is
/// reported with its path and row before any training. <see cref="CreatePipeline"/> gives the ML.NET chain that
/// turns the rows into <c>Label</c> (key, classes by value) and planar pixel <c>Features</c>.
/// </summary>
public sealed class ImageDataset
{
    private ImageDataset(MLContext context, string source, IReadOnlyList<ImageRecord> records)
    {
        Context = context;
        Source = source;
        Records = records;
        Data = context.Data.LoadFromEnumerable(records.Select(r => new Row { ImagePath = r.ImagePath, Label = r.Label }));
    }

    /// <summary>The ML.NET context.</summary>
    public MLContext Context { get; }

    /// <summary>The CSV file or root folder.</summary>
    public string Source { get; }

    /// <summary>The images.</summary>
    public IReadOnlyList<ImageRecord> Records { get; }

    /// <summary>Columns <c>ImagePath</c> (absolute, text) and <c>Label</c> (text).</summary>
    public IDataView Data { get; }

    /// <summary>Class names in sorted (key) order.</summary>
    public IReadOnlyList<string> Classes => Records.Select(r => r.Label).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>Reads a CSV with a header naming an <c>ImagePath</c> and a <c>Label</c> column (case-insensitive).</summary>
    public static ImageDataset FromCsv(MLContext context, string csvPath)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!File.Exists(csvPath)) throw new DeepRoadDataException($"Image list '{csvPath}' not found.") { File = csvPath };
        string dir = Path.GetDirectoryName(Path.GetFullPath(csvPath))!;
        using var reader = new StreamReader(csvPath);
        string? header = reader.ReadLine();
        if (header is null) throw new DeepRoadDataException($"{csvPath}: the file is empty.") { File = csvPath, Line = 1 };
        var names = SplitCsv(header.TrimStart('\uFEFF'));
        int pathCol = names.FindIndex(n => n.Trim().Equals("ImagePath", StringComparison.OrdinalIgnoreCase));
        int labelCol = names.FindIndex(n => n.Trim().Equals("Label", StringComparison.OrdinalIgnoreCase));
        if (pathCol < 0 || labelCol < 0)
            throw new DeepRoadDataException($"{csvPath}: line 1 must name the columns ImagePath and Label (found: {header}).") { File = csvPath, Line = 1 };
        var records = new List<ImageRecord>();
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var fields = SplitCsv(text);
            if (fields.Count <= Math.Max(pathCol, labelCol))
                throw new DeepRoadDataException($"{csvPath}, line {line}: expected {names.Count} fields, found {fields.Count}.") { File = csvPath, Line = line };
            string rel = fields[pathCol].Trim();
            string full = Path.GetFullPath(Path.IsPathRooted(rel) ? rel : Path.Combine(dir, rel));
            records.Add(Probe(full, fields[labelCol].Trim(), $"{csvPath}, line {line}", csvPath, line));
        }
        if (records.Count == 0) throw new DeepRoadDataException($"{csvPath}: no image rows after the header.") { File = csvPath, Line = 2 };
        return new ImageDataset(context, csvPath, records);
    }

    /// <summary>Reads a folder with one sub-folder per class (the folder name is the label).</summary>
    public static ImageDataset FromFolders(MLContext context, string root)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Directory.Exists(root)) throw new DeepRoadDataException($"Image folder '{root}' not found.") { File = root };
        // The same files in the same order as DataLoader reads the folder; loose images without class folders have no label.
        var images = Loading.ImageFolder.List(root);
        if (images[0].Label is null) throw new DeepRoadDataException($"Image folder '{root}' has no class sub-folders with images.") { File = root };
        string full = Path.GetFullPath(root);
        var records = images.Select(i => Probe(Path.Combine(full, i.Path), i.Label!, $"class folder '{i.Label}'", Path.Combine(full, i.Path), null)).ToList();
        return new ImageDataset(context, root, records);
    }

    /// <summary>Loads either form: a .csv file or a folder per class.</summary>
    public static ImageDataset Open(MLContext context, string path) =>
        Directory.Exists(path) ? FromFolders(context, path) : FromCsv(context, path);

    /// <summary>
    /// The chain: Label text to key (by value), LoadImages, ResizeImages (when sizes are given), optional grayscale,
    /// ExtractPixels (planar, scaled). Without a size, every image must have the same size; otherwise the error names two
    /// files that differ.
    /// </summary>
    public IEstimator<ITransformer> CreatePipeline(ImageDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (w, h) = ImageSize(options);
        var ml = Context;
        IEstimator<ITransformer> images = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: "ImagePath")
            .Append(ml.Transforms.ResizeImages("Image", w, h, "Image", ImageResizingEstimator.ResizingKind.Fill));
        // Gray files need no conversion (their red plane is the gray value): only color files go through the grayscale
        // step. ImageGate reads the chain's pixels itself (SkiaPixelReader), so ML.NET's leaky steps never run.
        if (options.Grayscale && !Records.All(r => ImagePixelsEstimator.IsGrayscale(r.ImagePath)))
            images = images.Append(ml.Transforms.ConvertToGrayscale("Image"));
        images = images.Append(ml.Transforms.ExtractPixels(options.OutputColumn, "Image",
                options.Grayscale ? ImagePixelExtractingEstimator.ColorBits.Red : ImagePixelExtractingEstimator.ColorBits.Rgb,
                interleavePixelColors: false, scaleImage: options.Scale))
            .Append(ml.Transforms.DropColumns("Image"));
        return ml.Transforms.Conversion.MapValueToKey("Label", "Label", keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ImageGate.Serialize(images));
    }

    /// <summary>The (width, height) the pipeline produces for these options.</summary>
    public (int Width, int Height) ImageSize(ImageDatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Width is int w && options.Height is int h) return (w, h);
        var first = Records[0];
        var other = Records.FirstOrDefault(r => r.Width != first.Width || r.Height != first.Height);
        if (other is not null)
            throw new DeepRoadDataException(
                $"Images have different sizes and no resize was requested: '{first.ImagePath}' ({first.Origin}) is {first.Width}x{first.Height} " +
                $"but '{other.ImagePath}' ({other.Origin}) is {other.Width}x{other.Height}. Set a width and height to resize to.") { File = other.ImagePath };
        return (first.Width, first.Height);
    }

    /// <summary>Number of channels the pipeline produces for these options.</summary>
    public static int Channels(ImageDatasetOptions options) => options.Grayscale ? 1 : 3;

    private static ImageRecord Probe(string path, string label, string origin, string file, long? line)
    {
        if (!File.Exists(path))
            throw new DeepRoadDataException($"{origin}: image file '{path}' does not exist.") { File = file, Line = line, Column = "ImagePath" };
        using var codec = SKCodec.Create(path);
        if (codec is null)
            throw new DeepRoadDataException($"{origin}: '{path}' is not an image SkiaSharp can decode (PNG, JPEG, BMP, GIF, WebP).") { File = file, Line = line, Column = "ImagePath" };
        if (string.IsNullOrEmpty(label))
            throw new DeepRoadDataException($"{origin}: empty label for '{path}'.") { File = file, Line = line, Column = "Label" };
        return new ImageRecord(path, label, codec.Info.Width, codec.Info.Height, origin);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    internal sealed class Row
    {
        public string ImagePath { get; set; } = "";

        public string Label { get; set; } = "";
    }
}
