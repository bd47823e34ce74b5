namespace DeepRoad.Pipelines.Images;

/// <summary>Adds <c>mlContext.DeepRoad().LoadImages(path)</c>.</summary>
public static class DeepRoadCatalogImageExtensions
{
    /// <summary>Opens an image dataset: a CSV of ImagePath,Label or a folder per class.</summary>
    public static ImageDataset LoadImages(this DeepRoadCatalog catalog, string path)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return ImageDataset.Open(catalog.Context, path);
    }
}
