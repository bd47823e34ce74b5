using System.Reflection;
using DeepRoad.Pipelines.Images;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SkiaSharp;

namespace DeepRoad.Tests.Images;

/// <summary>
/// DeepRoad's own reading of image pixels (<see cref="SkiaPixelReader"/>, used by <see cref="ImageGate"/> for a run of
/// LoadImages, ResizeImages, optional ConvertToGrayscale and ExtractPixels): the same values as ML.NET's transforms, and
/// no SkiaSharp object left to the garbage collector.
/// </summary>
public sealed class SkiaPixelReaderTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly string _tmp = Directory.CreateTempSubdirectory("deeproad-pixels-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);


    private string Write(string name, int width, int height, SKColorType type, SKAlphaType alpha, Func<int, int, SKColor> pixel,
        SKEncodedImageFormat format = SKEncodedImageFormat.Png) => TestImages.Write(_tmp, name, width, height, type, alpha, pixel, format);

    /// <summary>Gray, color, translucent, JPEG, wide, tall and already-target-sized images.</summary>
    private string[] Images() =>
    [
        Write("gray.png", 20, 20, SKColorType.Gray8, SKAlphaType.Opaque, (x, y) => { byte v = (byte)(x * 37 + y * 11); return new SKColor(v, v, v); }),
        Write("color.png", 20, 20, SKColorType.Rgba8888, SKAlphaType.Opaque, (x, y) => new SKColor((byte)(x * 12), (byte)(y * 12), (byte)(x * y))),
        Write("alpha.png", 20, 20, SKColorType.Rgba8888, SKAlphaType.Unpremul, (x, y) => new SKColor((byte)(x * 12), 80, (byte)(y * 12), (byte)(40 + x * 10))),
        Write("color.jpg", 24, 24, SKColorType.Rgba8888, SKAlphaType.Opaque, (x, y) => new SKColor((byte)(x * 10), (byte)(255 - y * 10), 60), SKEncodedImageFormat.Jpeg),
        Write("wide.png", 30, 14, SKColorType.Rgba8888, SKAlphaType.Opaque, (x, y) => new SKColor((byte)(x * 8), (byte)(y * 17), 200)),
        Write("tall.png", 11, 27, SKColorType.Rgba8888, SKAlphaType.Opaque, (x, y) => new SKColor(30, (byte)(x * 20), (byte)(y * 9))),
        Write("same.png", 8, 8, SKColorType.Rgba8888, SKAlphaType.Opaque, (x, y) => new SKColor((byte)(x * 30), (byte)(y * 30), 90)),
        Write("deep.png", 18, 18, SKColorType.RgbaF16, SKAlphaType.Opaque, (x, y) => new SKColor((byte)(x * 14), (byte)(y * 14), 120)),
    ];

    private IEstimator<ITransformer> Chain(int width, int height, ImageResizingEstimator.ResizingKind kind, ImageResizingEstimator.Anchor anchor,
        bool gray, ImagePixelExtractingEstimator.ColorBits colors, ImagePixelExtractingEstimator.ColorsOrder order, bool interleave,
        float offset, float scale)
    {
        IEstimator<ITransformer> chain = _ml.Transforms.LoadImages("img", "", "ImagePath")
            .Append(_ml.Transforms.ResizeImages("img", width, height, "img", kind, anchor));
        if (gray) chain = chain.Append(_ml.Transforms.ConvertToGrayscale("gimg", "img"));
        return chain.Append(_ml.Transforms.ExtractPixels("px", gray ? "gimg" : "img", colors, order, interleave, offset, scale))
            .Append(_ml.Transforms.DropColumns("img"));
    }

    public static TheoryData<int, int, ImageResizingEstimator.ResizingKind, ImageResizingEstimator.Anchor, bool, ImagePixelExtractingEstimator.ColorBits,
        ImagePixelExtractingEstimator.ColorsOrder, bool, float, float> Chains => new()
    {
        { 8, 8, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center, false, ImagePixelExtractingEstimator.ColorBits.Red, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f / 255 },
        { 8, 8, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f / 255 },
        { 12, 6, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Top, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ABGR, false, 0f, 1f },
        { 6, 12, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Right, false, ImagePixelExtractingEstimator.ColorBits.All, ImagePixelExtractingEstimator.ColorsOrder.ARGB, true, 10f, 0.5f },
        { 10, 7, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Bottom, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f },
        { 7, 10, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Left, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f },
        { 9, 13, ImageResizingEstimator.ResizingKind.IsoPad, ImageResizingEstimator.Anchor.Center, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f },
        { 13, 9, ImageResizingEstimator.ResizingKind.IsoPad, ImageResizingEstimator.Anchor.Center, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, true, 0f, 1f },
        { 16, 11, ImageResizingEstimator.ResizingKind.Fill, ImageResizingEstimator.Anchor.Center, false, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f / 255 },
        { 16, 16, ImageResizingEstimator.ResizingKind.Fill, ImageResizingEstimator.Anchor.Center, true, ImagePixelExtractingEstimator.ColorBits.Red, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f / 255 },
        { 8, 8, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center, true, ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void DirectRead_EqualsMLNetsImageTransforms(int width, int height, ImageResizingEstimator.ResizingKind kind, ImageResizingEstimator.Anchor anchor,
        bool gray, ImagePixelExtractingEstimator.ColorBits colors, ImagePixelExtractingEstimator.ColorsOrder order, bool interleave, float offset, float scale)
    {
        var paths = Images();
        Assert.Equal(16, File.ReadAllBytes(paths[^1])[24]); // deep.png: 16 bits per sample (ML.NET copies it to 8 bits; DeepRoad decodes to 8)
        var data = _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var chain = Chain(width, height, kind, anchor, gray, colors, order, interleave, offset, scale);
        var expected = chain.Fit(data).Transform(data).GetColumn<float[]>("px").ToArray();

        var model = Assert.IsType<GatedImageTransformer>(ImageGate.Serialize(chain).Fit(data));
        Assert.True(model.ReadsPixelsDirectly);
        var view = model.Transform(data);
        Assert.Equal(chain.Fit(data).GetOutputSchema(data.Schema).Select(c => c.Name), view.Schema.Select(c => c.Name));
        var actual = view.GetColumn<float[]>("px").ToArray();
        Assert.Equal(paths.Length, actual.Length);
        for (int r = 0; r < paths.Length; r++)
            Assert.True(expected[r].SequenceEqual(actual[r]),
                $"{Path.GetFileName(paths[r])}: first difference at {Enumerable.Range(0, expected[r].Length).FirstOrDefault(i => expected[r][i] != actual[r][i])}");
        Assert.Contains(actual, row => row.Max() > row.Min());

        // A prediction engine reads the same through the mapper.
        var engine = _ml.Model.CreatePredictionEngine<PathRow, PixelsRow>(model);
        Assert.Equal(expected[1], engine.Predict(new PathRow { ImagePath = paths[1] }).px);
    }

    [Fact]
    public void DirectRead_EmptyPathGivesZeros_UndecodableFileIsAnErrorNamingIt()
    {
        string good = Write("ok.png", 10, 10, SKColorType.Rgba8888, SKAlphaType.Opaque, (x, y) => new SKColor(100, 150, 200));
        string bad = Path.Combine(_tmp, "not-an-image.png");
        File.WriteAllText(bad, "hello");
        var chain = Chain(4, 4, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center, false,
            ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f);
        var fit = _ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = good } });
        var model = ImageGate.Serialize(chain).Fit(fit);

        var rows = model.Transform(_ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = good }, new PathRow { ImagePath = "" } }))
            .GetColumn<float[]>("px").ToArray();
        Assert.All(rows[0][..16], v => Assert.Equal(100f, v));
        Assert.Equal(new float[48], rows[1]);

        var ex = Assert.ThrowsAny<Exception>(() => model.Transform(_ml.Data.LoadFromEnumerable(new[] { new PathRow { ImagePath = bad } }))
            .GetColumn<float[]>("px").ToArray());
        Assert.Contains("not-an-image.png", ex.ToString());
    }

    [Fact]
    public void ProtectedLoadedModel_ReadsDirectly_WithTheSameValues_AndOtherImageStepsStayWithMLNet()
    {
        var paths = Images();
        var data = _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var chain = Chain(8, 8, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center, false,
            ImagePixelExtractingEstimator.ColorBits.Rgb, ImagePixelExtractingEstimator.ColorsOrder.ARGB, false, 0f, 1f / 255);
        var plain = chain.Fit(data);
        var expected = plain.Transform(data).GetColumn<float[]>("px").ToArray();
        using var ms = new MemoryStream();
        _ml.Model.Save(plain, data.Schema, ms);
        ms.Position = 0;
        var loaded = ImageGate.Protect(_ml.Model.Load(ms, out _));
        var gated = Assert.Single(((IEnumerable<ITransformer>)loaded).OfType<GatedImageTransformer>());
        Assert.True(gated.ReadsPixelsDirectly);
        Assert.Equal(expected, loaded.Transform(data).GetColumn<float[]>("px").ToArray());

        // Images kept as images (no pixel extraction) are ML.NET's work behind the lock.
        var imagesOnly = ImageGate.Serialize(_ml.Transforms.LoadImages("img", "", "ImagePath").Append(_ml.Transforms.ResizeImages("img", 4, 4, "img")));
        var imagesModel = Assert.IsType<GatedImageTransformer>(imagesOnly.Fit(data));
        Assert.False(imagesModel.ReadsPixelsDirectly);
        using var cursor = imagesModel.Transform(data).GetRowCursor(imagesModel.Transform(data).Schema);
        var get = cursor.GetGetter<MLImage>(cursor.Schema["img"]);
        MLImage image = null!;
        Assert.True(cursor.MoveNext());
        get(ref image);
        Assert.Equal(4, image.Width);
    }

}

/// <summary>Counts SkiaSharp's registered objects, so it runs with no other test beside it.</summary>
[CollectionDefinition("SkiaObjects", DisableParallelization = true)]
public sealed class SkiaObjectsCollection;

/// <summary>ML.NET's image transforms leave SkiaSharp objects to the finalizer; DeepRoad's pixel reader none.</summary>
[Collection("SkiaObjects")]
public sealed class SkiaPixelReaderLeakTests
{
    private readonly MLContext _ml = new(seed: 1);


    [Fact]
    public void DirectRead_LeavesNoSkiaSharpObjectToTheFinalizer_WhereMLNetLeavesOnePerGrayImage()
    {
        var paths = Directory.GetFiles(DataPaths.Shipped("digits_images/train/5"), "*.png").Order().Take(40).ToArray();
        Assert.All(paths, p => Assert.True(ImagePixelsEstimator.IsGrayscaleFile(p)));
        var data = _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var chain = _ml.Transforms.LoadImages("img", "", "ImagePath").Append(_ml.Transforms.ResizeImages("img", 16, 16, "img"))
            .Append(_ml.Transforms.ExtractPixels("px", "img", ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255));
        var mlNet = chain.Fit(data);
        var direct = ImageGate.Serialize(chain).Fit(data);

        // SkiaSharp registers every live wrapper of a reference-counted native object; a disposed one leaves the registry,
        // one left to the garbage collector stays until it is finalized. This test runs alone (its collection is not
        // parallel), and a read during which a collection ran is repeated.
        int Read(ITransformer model)
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                int collections = GC.CollectionCount(0);
                int before = RegisteredSkiaObjects();
                Assert.Equal(paths.Length, model.Transform(data).GetColumn<float[]>("px").Count());
                int after = RegisteredSkiaObjects();
                if (GC.CollectionCount(0) == collections) return after - before;
            }
            throw new InvalidOperationException("a garbage collection ran during every attempt");
        }
        Read(direct); // warm-up: SkiaSharp's static objects
        GC.KeepAlive(Read(mlNet));
        int mlNetLeft = Read(mlNet);
        int directLeft = Read(direct);
        // ML.NET copies each decoded gray bitmap to 32 bits through SKBitmap.CopyTo, whose shader is never disposed.
        Assert.True(mlNetLeft >= paths.Length, $"ML.NET's chain left {mlNetLeft} objects for {paths.Length} images");
        Assert.Equal(0, directLeft);
    }

    private static int RegisteredSkiaObjects()
    {
        var type = typeof(SKObject).Assembly.GetType("SkiaSharp.HandleDictionary", throwOnError: true)!;
        var instances = (System.Collections.IDictionary)type.GetField("instances", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
        return instances.Count;
    }
}
