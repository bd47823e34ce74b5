using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Images;
using DeepRoad.Tests.Loading;
using Microsoft.ML;
using Microsoft.ML.Data;
using SkiaSharp;

namespace DeepRoad.Tests.Images;

/// <summary>
/// The image featurization that keeps SkiaSharp off other threads: ImageGate (one image call at a time, no ML.NET
/// splitter threads) and ImagePixelsEstimator (no ML.NET grayscale step, whose leaked bitmaps crash the process, when
/// the images are gray already).
/// </summary>
public sealed class ImageGateTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly string _tmp = Directory.CreateTempSubdirectory("deeproad-gate-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);


    private string Write(string name, SKColorType type, Func<int, int, SKColor> pixel, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        TestImages.Write(_tmp, name, 20, 20, type, SKAlphaType.Opaque, pixel, format, quality: 95);

    private static SKColor Gray(int x, int y)
    {
        byte v = (byte)((x * 37 + y * 11) % 256);
        return new SKColor(v, v, v);
    }

    [Fact]
    public void IsGrayscaleFile_ReadsPngAndJpegHeaders()
    {
        Assert.True(ImagePixelsEstimator.IsGrayscaleFile(Write("gray.png", SKColorType.Gray8, Gray)));
        Assert.False(ImagePixelsEstimator.IsGrayscaleFile(Write("color.png", SKColorType.Rgba8888, (x, y) => new SKColor((byte)(x * 10), 0, (byte)(y * 10)))));
        Assert.True(ImagePixelsEstimator.IsGrayscaleFile(Write("gray.jpg", SKColorType.Gray8, Gray, SKEncodedImageFormat.Jpeg)));
        Assert.False(ImagePixelsEstimator.IsGrayscaleFile(Write("color.jpg", SKColorType.Rgba8888, (x, y) => new SKColor((byte)(x * 10), 90, (byte)(y * 10)), SKEncodedImageFormat.Jpeg)));
        // A gray PNG with a transparency chunk, a truncated file and a missing one count as color.
        byte[] gray = File.ReadAllBytes(Path.Combine(_tmp, "gray.png"));
        byte[] trns = [0, 0, 0, 2, (byte)'t', (byte)'R', (byte)'N', (byte)'S', 0, 0, 0, 0, 0, 0];
        string withTrns = Path.Combine(_tmp, "trns.png");
        File.WriteAllBytes(withTrns, [.. gray[..33], .. trns, .. gray[33..]]);
        Assert.False(ImagePixelsEstimator.IsGrayscaleFile(withTrns));
        string truncated = Path.Combine(_tmp, "short.png");
        File.WriteAllBytes(truncated, gray[..20]);
        Assert.False(ImagePixelsEstimator.IsGrayscaleFile(truncated));
        Assert.False(ImagePixelsEstimator.IsGrayscaleFile(Path.Combine(_tmp, "missing.png")));
        // The shipped digits are gray PNGs.
        Assert.All(Directory.GetFiles(DataPaths.Shipped("digits_images/train/0"), "*.png"), f => Assert.True(ImagePixelsEstimator.IsGrayscaleFile(f), f));
    }

    private static string[] TypeNames(ITransformer model) =>
        (model is GatedImageTransformer g ? g.Inner : model) is IEnumerable<ITransformer> chain
            ? chain.SelectMany(TypeNames).ToArray()
            : [model.GetType().Name];

    private (ITransformer Model, float[][] Pixels) Featurize(IEstimator<ITransformer> estimator, string[] paths)
    {
        var data = _ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p }));
        var model = estimator.Fit(data);
        var pixels = model.Transform(data).GetColumn<float[]>("px").ToArray();
        return (model, pixels);
    }

    [Fact]
    public void GrayImages_GiveOnePlane_AsTheGrayscaleStepDid_ColorImagesThreePlanes_NeverTheGrayscaleStep()
    {
        var gray = Enumerable.Range(0, 6).Select(i => Write($"g{i}.png", SKColorType.Gray8, (x, y) => Gray(x + i, y))).ToArray();
        var (model, pixels) = Featurize(new ImagePixelsEstimator(_ml, "img", "px", "ImagePath", "", 8), gray);
        Assert.DoesNotContain("ImageGrayscalingTransformer", TypeNames(model));
        Assert.IsType<GatedImageTransformer>(model);
        var reference = _ml.Transforms.LoadImages("img", "", "ImagePath").Append(_ml.Transforms.ResizeImages("img", 8, 8, "img"))
            .Append(_ml.Transforms.ConvertToGrayscale("img", "img"))
            .Append(_ml.Transforms.ExtractPixels("px", "img", Microsoft.ML.Transforms.Image.ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f));
        var (_, expected) = Featurize(reference, gray);
        Assert.Equal(64, pixels[0].Length);
        for (int r = 0; r < gray.Length; r++)
            for (int j = 0; j < 64; j++)
                Assert.InRange(pixels[r][j] - expected[r][j], -1.01f / 255, 1.01f / 255);
        Assert.Contains(pixels, row => row.Max() - row.Min() > 0.3f);
        var data = _ml.Data.LoadFromEnumerable(gray.Select(p => new PathRow { ImagePath = p }));
        Assert.Equal(1, ImageChannels.Of(data, "ImagePath", null));

        // One color image among gray ones: red, green and blue planes for every image.
        string red = Write("red.png", SKColorType.Rgba8888, (_, _) => new SKColor(200, 0, 0));
        var (mixed, mixedPixels) = Featurize(new ImagePixelsEstimator(_ml, "img", "px", "ImagePath", "", 8), [.. gray, red]);
        Assert.DoesNotContain("ImageGrayscalingTransformer", TypeNames(mixed));
        Assert.Equal(3 * 64, mixedPixels[^1].Length);
        Assert.All(mixedPixels[^1][..64], v => Assert.Equal(200f / 255, v, 0.01f));
        Assert.All(mixedPixels[^1][64..], v => Assert.Equal(0f, v, 0.01f));
        Assert.Equal(pixels[0], mixedPixels[0][..64]); // a gray image's red plane is its gray value
        Assert.Equal(mixedPixels[0][..64], mixedPixels[0][64..128]);
        Assert.Equal(3, ImageChannels.Of(_ml.Data.LoadFromEnumerable(new[] { red }.Select(p => new PathRow { ImagePath = p })), "ImagePath", null));
    }

    [Fact]
    public void GatedView_HandsOutOneCursor_ReadsTheSameOnManyThreads_AndProtectWrapsALoadedModel()
    {
        var paths = Directory.GetFiles(DataPaths.Shipped("digits_images/train/3"), "*.png").Order().Take(30).ToArray();
        var data = _ml.Data.Cache(_ml.Data.LoadFromEnumerable(paths.Select(p => new PathRow { ImagePath = p })));
        var estimator = new ImagePixelsEstimator(_ml, "img", "px", "ImagePath", "", 16);
        var model = estimator.Fit(data);
        var view = model.Transform(data);
        var column = view.Schema["px"];
        // ML.NET's own view of the image chain reads (and decodes) rows on background threads; the gated view on the
        // thread that reads it, one cursor at a time.
        Assert.Single(view.GetRowCursorSet([column], 4));
        var gated = Assert.IsType<GatedImageTransformer>(model);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, ReadingThreads(gated.Inner, data));
        Assert.Equal([Environment.CurrentManagedThreadId], ReadingThreads(model, data));

        // A target encoder downstream follows the gated rows back to their source.
        Assert.Same(TargetEncodingEstimator.Lineage(data).Root, TargetEncodingEstimator.Lineage(view).Root);

        var sequential = view.GetColumn<float[]>("px").ToArray();
        var parallel = new float[8][][];
        Parallel.For(0, parallel.Length, i => parallel[i] = view.GetColumn<float[]>("px").ToArray());
        Assert.All(parallel, p => Assert.Equal(sequential, p));

        // Saved, it is ML.NET's transformers; ImageGate.Protect puts the loaded image steps behind the gate again.
        using var ms = new MemoryStream();
        _ml.Model.Save(model, data.Schema, ms);
        ms.Position = 0;
        var loaded = _ml.Model.Load(ms, out _);
        Assert.DoesNotContain(Flatten(loaded), t => t is GatedImageTransformer);
        var protectedModel = ImageGate.Protect(loaded);
        Assert.All(Flatten(protectedModel).Where(ImageGate.IsImageTransformer), _ => Assert.Fail("an image transformer outside the gate"));
        Assert.Contains(Flatten(protectedModel), t => t is GatedImageTransformer);
        Assert.Equal(sequential, protectedModel.Transform(data).GetColumn<float[]>("px").ToArray());
        var engine = _ml.Model.CreatePredictionEngine<PathRow, PixelsRow>(protectedModel);
        Assert.Equal(sequential[2], engine.Predict(new PathRow { ImagePath = paths[2] }).px);
    }

    /// <summary>The threads on which the image paths were read while the column "px" of the transformed data was read.</summary>
    private static int[] ReadingThreads(ITransformer model, IDataView data)
    {
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        var view = model.Transform(new RecordingView(data, threads));
        using (var cursor = view.GetRowCursor([view.Schema["px"]]))
        {
            var get = cursor.GetGetter<VBuffer<float>>(view.Schema["px"]);
            VBuffer<float> v = default;
            while (cursor.MoveNext()) get(ref v);
        }
        return threads.Keys.Order().ToArray();
    }

    /// <summary>Passes rows through (cursor sets too) and records the thread of every value read.</summary>
    private sealed class RecordingView(IDataView inner, System.Collections.Concurrent.ConcurrentDictionary<int, bool> threads) : IDataView
    {
        public bool CanShuffle => inner.CanShuffle;
        public DataViewSchema Schema => inner.Schema;
        public long? GetRowCount() => inner.GetRowCount();
        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
            new Cursor(inner.GetRowCursor(columnsNeeded, rand), threads);
        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
            inner.GetRowCursorSet(columnsNeeded, n, rand).Select(c => (DataViewRowCursor)new Cursor(c, threads)).ToArray();

        private sealed class Cursor(DataViewRowCursor inner, System.Collections.Concurrent.ConcurrentDictionary<int, bool> threads) : DataViewRowCursor
        {
            public override DataViewSchema Schema => inner.Schema;
            public override long Position => inner.Position;
            public override long Batch => inner.Batch;
            public override bool MoveNext() => inner.MoveNext();
            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();
            public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);
            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                var get = inner.GetGetter<TValue>(column);
                return (ref TValue value) =>
                {
                    threads[Environment.CurrentManagedThreadId] = true;
                    get(ref value);
                };
            }
            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }


    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];
}
