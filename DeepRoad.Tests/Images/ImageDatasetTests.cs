using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Images;
using Microsoft.ML;
using Microsoft.ML.Data;
using SkiaSharp;

namespace DeepRoad.Tests.Images;

public sealed class ImageDatasetTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("deeproad-img-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    internal static string Data(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DeepRoad.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "data", relative);
    }

    [Fact]
    public void FromCsv_Digits_ResolvesRelativePathsAndExtractsPixels()
    {
        var ml = new MLContext(1);
        var ds = ImageDataset.FromCsv(ml, Data("digits_images/train.csv"));
        Assert.Equal(400, ds.Records.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i.ToString()), ds.Classes);
        Assert.All(ds.Records, r => Assert.True(Path.IsPathRooted(r.ImagePath) && File.Exists(r.ImagePath)));

        var options = new ImageDatasetOptions { Grayscale = true };
        var data = ds.CreatePipeline(options).Fit(ds.Data).Transform(ds.Data);
        var type = Assert.IsType<VectorDataViewType>(data.Schema["Features"].Type);
        Assert.Equal(1024, type.Size);
        Assert.Equal(NumberDataViewType.Single, type.ItemType);
        var first = data.GetColumn<VBuffer<float>>("Features").First().DenseValues().ToArray();
        Assert.InRange(first.Max(), 0.5f, 1f);
        Assert.Equal(0f, first.Min());
        // The PNGs are 8x8 digits upscaled 4x (nearest neighbour): each 4x4 block is constant.
        for (int r = 0; r < 32; r++)
            for (int c = 0; c < 32; c++)
                Assert.Equal(first[(r / 4 * 4) * 32 + c / 4 * 4], first[r * 32 + c]);
        var labels = data.GetColumn<uint>("Label").ToArray();
        Assert.Equal(uint.Parse(ds.Records[0].Label) + 1, labels[0]); // keys by value: class "0" is key 1
    }

    [Fact]
    public void FromFolders_OneFolderPerClass()
    {
        var ds = ImageDataset.FromFolders(new MLContext(1), Data("digits_images/train"));
        Assert.Equal(400, ds.Records.Count);
        Assert.Equal(10, ds.Classes.Count);
        Assert.All(ds.Records, r => Assert.Equal(Path.GetFileName(Path.GetDirectoryName(r.ImagePath)), r.Label));
    }

    [Fact]
    public void MissingFile_ErrorNamesFileAndLine()
    {
        string csv = Path.Combine(_tmp, "list.csv");
        File.WriteAllText(csv, $"ImagePath,Label\n{Data("digits_images/train/0/0825.png")},0\nnope/missing.png,1\n");
        var ex = Assert.Throws<DeepRoadDataException>(() => ImageDataset.FromCsv(new MLContext(1), csv));
        Assert.Contains("line 3", ex.Message);
        Assert.Contains("missing.png", ex.Message);
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void NonImageFile_ErrorNamesFile()
    {
        string bad = Path.Combine(_tmp, "notes.png");
        File.WriteAllText(bad, "this is text, not a picture");
        string csv = Path.Combine(_tmp, "list.csv");
        File.WriteAllText(csv, "ImagePath,Label\nnotes.png,a\n");
        var ex = Assert.Throws<DeepRoadDataException>(() => ImageDataset.FromCsv(new MLContext(1), csv));
        Assert.Contains("notes.png", ex.Message);
        Assert.Contains("not an image", ex.Message);
    }

    [Fact]
    public void DifferentSizes_WithoutResize_ClearError_WithResize_Works()
    {
        Directory.CreateDirectory(Path.Combine(_tmp, "a"));
        Directory.CreateDirectory(Path.Combine(_tmp, "b"));
        WritePng(Path.Combine(_tmp, "a", "small.png"), 8, 8);
        WritePng(Path.Combine(_tmp, "b", "large.png"), 12, 10);
        var ml = new MLContext(1);
        var ds = ImageDataset.FromFolders(ml, _tmp);
        var ex = Assert.Throws<DeepRoadDataException>(() => ds.CreatePipeline(new ImageDatasetOptions()));
        Assert.Contains("different sizes", ex.Message);
        Assert.Contains("large.png", ex.Message);
        var data = ds.CreatePipeline(new ImageDatasetOptions { Width = 6, Height = 6 }).Fit(ds.Data).Transform(ds.Data);
        Assert.Equal(3 * 36, data.GetColumn<VBuffer<float>>("Features").First().Length);
    }

    [Fact]
    public void Augmenter_SeededAndFlipMirrors()
    {
        var pixels = Enumerable.Range(0, 2 * 4 * 5).Select(i => (float)i).ToArray();
        var flip = new ImageAugmenter(new ImageAugmentationOptions { HorizontalFlipProbability = 1, MaxRotationDegrees = 0, CropPadding = 0 }, 2, 4, 5);
        var f = (float[])pixels.Clone();
        flip.AugmentInPlace(f, new Random(1));
        for (int c = 0; c < 2; c++)
            for (int y = 0; y < 4; y++)
                for (int x = 0; x < 5; x++)
                    Assert.Equal(pixels[c * 20 + y * 5 + (4 - x)], f[c * 20 + y * 5 + x], 4);

        var aug = new ImageAugmenter(new ImageAugmentationOptions { MaxRotationDegrees = 15, CropPadding = 1 }, 2, 4, 5);
        var a = (float[])pixels.Clone();
        var b = (float[])pixels.Clone();
        aug.AugmentInPlace(a, new Random(5));
        aug.AugmentInPlace(b, new Random(5));
        Assert.Equal(a, b);
        Assert.NotEqual(pixels, a);
        Assert.All(a, v => Assert.InRange(v, 0, 39));
    }

    private static void WritePng(string path, int w, int h)
    {
        using var bmp = new SKBitmap(w, h);
        bmp.Erase(SKColors.White);
        using var img = SKImage.FromBitmap(bmp);
        using var data = img.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }
}
