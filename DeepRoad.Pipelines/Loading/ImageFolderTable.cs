namespace DeepRoad.Pipelines.Loading;

/// <summary>
/// A folder of images read as a table, the layout of ML.NET Model Builder's image classification and torchvision's
/// ImageFolder: one sub-folder per class (its name is the label) with the images in it, giving an image-path column
/// (paths relative to the folder) and a label column; or, for prediction, image files directly in the folder, giving
/// the image-path column alone. Files that are not images (by extension) are skipped; rows come in folder, then file
/// name order (ordinal), so the same folder always reads the same way.
/// </summary>
internal static class ImageFolderTable
{
    /// <summary>The file extensions read as images (lower case).</summary>
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];

    public static bool IsImage(string file) => Extensions.Contains(Path.GetExtension(file).ToLowerInvariant());

    /// <exception cref="DeepRoadDataException">The folder holds no class sub-folder with images and no images.</exception>
    public static RawTable Read(string root, string labelColumn, string pathColumn, CancellationToken cancellationToken = default)
    {
        var rows = ImageFolder.List(root, cancellationToken);
        var columns = new List<RawColumn> { new() { Name = pathColumn, Kind = RawKind.Text, Text = rows.Select(r => (string?)r.Path).ToArray() } };
        if (rows[0].Label is not null) columns.Add(new RawColumn { Name = labelColumn, Kind = RawKind.Text, Text = rows.Select(r => r.Label).ToArray() });
        return new RawTable { SourceName = root, BaseDirectory = Path.GetFullPath(root), Columns = columns, RowCount = rows.Count };
    }
}

/// <summary>The images of a folder as <see cref="DataLoader.LoadFile(Microsoft.ML.MLContext, string, DataLoadOptions?, CancellationToken)"/> reads them.</summary>
public static class ImageFolder
{
    /// <summary>The columns' names when the caller names none (ML.NET's image samples use them too).</summary>
    public const string DefaultLabelColumn = "Label", DefaultPathColumn = "ImagePath";

    /// <summary>
    /// The images of <paramref name="root"/>, in the order they are read: with class sub-folders, each image's path
    /// relative to the folder ("cat/001.png") and its class (the sub-folder's name); without, the image files directly in
    /// it, with no label.
    /// </summary>
    /// <exception cref="DeepRoadDataException">The folder is missing, or holds no class sub-folder with images and no images.</exception>
    public static IReadOnlyList<(string Path, string? Label)> List(string root, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root)) throw new DeepRoadDataException($"{root}: folder not found.") { File = root };
        string full = Path.GetFullPath(root);
        var rows = new List<(string, string?)>();
        foreach (var classDir in Directory.GetDirectories(full).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string label = Path.GetFileName(classDir);
            foreach (var file in Directory.GetFiles(classDir).Where(ImageFolderTable.IsImage).Order(StringComparer.Ordinal))
                rows.Add((label + "/" + Path.GetFileName(file), label));
        }
        if (rows.Count == 0)
            rows.AddRange(Directory.GetFiles(full).Where(ImageFolderTable.IsImage).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), (string?)null)));
        if (rows.Count == 0)
            throw new DeepRoadDataException(
                $"{root}: no images: expected one sub-folder of images per class (the folder name is the label), or image files ({string.Join(", ", ImageFolderTable.Extensions)}) for prediction.")
            { File = root };
        return rows;
    }
}
