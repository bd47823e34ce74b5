using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;

namespace DeepRoad.Pipelines.Images;

/// <summary>
/// Recognizes a run of fitted ML.NET image transforms that <see cref="SkiaPixelReader"/> can do itself: LoadImages,
/// ResizeImages, optionally ConvertToGrayscale, then ExtractPixels to floats, one column each, each reading the
/// previous one's output.
/// </summary>
/// <remarks>
/// ML.NET keeps the transformers' column settings internal (<c>Columns</c>); they are read by reflection. If a later
/// ML.NET changes them the run is not recognized and <see cref="ImageGate"/> falls back to ML.NET's own transforms (a
/// test fails loudly in that case: <c>SkiaPixelReaderTests</c> asserts <see cref="GatedImageTransformer.ReadsPixelsDirectly"/>).
/// </remarks>
internal static class DirectImagePixels
{
    /// <summary>The pixel spec and the number of leading <paramref name="parts"/> it replaces, or null.</summary>
    public static (PixelSpec Spec, int Count)? Recognize(IReadOnlyList<ITransformer> parts)
    {
        try
        {
            return RecognizeCore(parts);
        }
        catch (Exception ex) when (ex is TargetInvocationException or InvalidCastException or MissingMemberException or NullReferenceException)
        {
            return null;
        }
    }

    private static (PixelSpec Spec, int Count)? RecognizeCore(IReadOnlyList<ITransformer> parts)
    {
        if (parts.Count < 3) return null;
        if (parts[0] is not ImageLoadingTransformer loader || Pairs(loader) is not [var load]) return null;
        if (parts[1] is not ImageResizingTransformer resizer || Options(resizer) is not [var resize]
            || Field<string>(resize, "InputColumnName") != load.Output)
            return null;
        int next = 2;
        string image = Field<string>(resize, "Name");
        bool gray = false;
        if (parts[next] is ImageGrayscalingTransformer grayscaler)
        {
            if (Pairs(grayscaler) is not [var g] || g.Input != image) return null;
            image = g.Output;
            gray = true;
            next++;
        }
        if (next >= parts.Count || parts[next] is not ImagePixelExtractingTransformer extractor || Options(extractor) is not [var extract]
            || Field<string>(extract, "InputColumnName") != image || !Field<bool>(extract, "OutputAsFloatArray"))
            return null;
        var spec = new PixelSpec(load.Input, string.IsNullOrWhiteSpace(loader.ImageFolder) ? null : loader.ImageFolder,
            Field<int>(resize, "ImageWidth"), Field<int>(resize, "ImageHeight"),
            Field<ImageResizingEstimator.ResizingKind>(resize, "Resizing"), Field<ImageResizingEstimator.Anchor>(resize, "Anchor"), gray,
            Field<ImagePixelExtractingEstimator.ColorBits>(extract, "ColorsToExtract"),
            Field<ImagePixelExtractingEstimator.ColorsOrder>(extract, "OrderOfExtraction"),
            Field<bool>(extract, "InterleavePixelColors"), Field<float>(extract, "OffsetImage"), Field<float>(extract, "ScaleImage"),
            Field<string>(extract, "Name"));
        return spec.Planes == 0 || spec.Width <= 0 || spec.Height <= 0 ? null : (spec, next + 1);
    }

    // The transformers' column settings: internal properties named Columns (ML.NET 5.0.1), of (output, input) pairs or of
    // an internal ColumnOptions class whose public fields are read by name.
    private static (string Output, string Input)[]? Pairs(ITransformer transformer) =>
        ColumnsOf(transformer) is IEnumerable<(string, string)> pairs ? pairs.ToArray() : null;

    private static object[]? Options(ITransformer transformer) =>
        ColumnsOf(transformer) is IEnumerable<object> options ? options.ToArray() : null;

    private static object? ColumnsOf(ITransformer transformer) =>
        transformer.GetType().GetProperty("Columns", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(transformer);

    private static T Field<T>(object options, string name)
    {
        var field = options.GetType().GetField(name, BindingFlags.Instance | BindingFlags.Public)
            ?? throw new MissingFieldException(options.GetType().FullName, name);
        return (T)field.GetValue(options)!;
    }
}

/// <summary>
/// The row mapper of a recognized run: its output schema is ML.NET's (input columns, the image columns, the pixel
/// column); the pixel column is read by <see cref="SkiaPixelReader"/>, and a row that needs an image column itself is
/// left to ML.NET's mapper behind <see cref="ImageGate"/>'s lock.
/// </summary>
internal sealed class DirectPixelMapper : IRowToRowMapper
{
    private readonly IRowToRowMapper _ml;
    private readonly int _inputCount;
    private readonly DataViewSchema.Column _pixels;
    private readonly DataViewSchema.Column _path;

    private DirectPixelMapper(PixelSpec spec, IRowToRowMapper ml, DataViewSchema.Column pixels, DataViewSchema.Column path)
    {
        Spec = spec;
        _ml = ml;
        _inputCount = ml.InputSchema.Count;
        _pixels = pixels;
        _path = path;
    }

    public PixelSpec Spec { get; }

    /// <summary>The mapper, or null when ML.NET's schema is not the expected one (input columns kept at their indices, one pixel column of the spec's size).</summary>
    public static DirectPixelMapper? TryCreate(PixelSpec spec, IRowToRowMapper ml)
    {
        var input = ml.InputSchema;
        var output = ml.OutputSchema;
        if (output.Count < input.Count) return null;
        for (int i = 0; i < input.Count; i++)
            if (output[i].Name != input[i].Name || !output[i].Type.Equals(input[i].Type)) return null;
        if (output.GetColumnOrNull(spec.OutputColumn) is not { } pixels || pixels.Index < input.Count
            || pixels.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single || vector.Size != spec.Size)
            return null;
        if (input.GetColumnOrNull(spec.PathColumn) is not { Type: TextDataViewType } path) return null;
        return new DirectPixelMapper(spec, ml, pixels, path);
    }

    public DataViewSchema InputSchema => _ml.InputSchema;

    public DataViewSchema OutputSchema => _ml.OutputSchema;

    private bool IsImage(DataViewSchema.Column column) => column.Index >= _inputCount && column.Index != _pixels.Index;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns)
    {
        var columns = dependingColumns.ToArray();
        if (columns.Any(IsImage)) return _ml.GetDependencies(columns);
        var needed = columns.Where(c => c.Index < _inputCount).Select(c => InputSchema[c.Index]).ToList();
        if (columns.Any(c => c.Index == _pixels.Index)) needed.Add(_path);
        return needed.DistinctBy(c => c.Index).ToArray();
    }

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.ToArray();
        if (active.Any(IsImage)) return new GatedMapper(_ml).GetRow(input, active);
        return new DirectPixelRow(this, input, active.Select(c => c.Index).ToHashSet());
    }

    private sealed class DirectPixelRow(DirectPixelMapper mapper, DataViewRow input, HashSet<int> active) : DataViewRow
    {
        public override DataViewSchema Schema => mapper.OutputSchema;

        public override long Position => input.Position;

        public override long Batch => input.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => input.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!active.Contains(column.Index))
                throw new InvalidOperationException($"column '{column.Name}' was not requested from this row.");
            if (column.Index < mapper._inputCount) return input.GetGetter<TValue>(input.Schema[column.Index]);
            if (column.Index != mapper._pixels.Index || typeof(TValue) != typeof(VBuffer<float>))
                throw new InvalidOperationException($"column '{column.Name}' cannot be read as {typeof(TValue).Name}.");
            return (ValueGetter<TValue>)(Delegate)PixelGetter();
        }

        private ValueGetter<VBuffer<float>> PixelGetter()
        {
            var spec = mapper.Spec;
            var getPath = input.GetGetter<ReadOnlyMemory<char>>(mapper._path);
            ReadOnlyMemory<char> path = default;
            return (ref VBuffer<float> value) =>
            {
                getPath(ref path);
                var editor = VBufferEditor.Create(ref value, spec.Size);
                if (path.Length == 0)
                    editor.Values.Clear();
                else
                {
                    string text = path.ToString();
                    if (spec.ImageFolder is not null) text = Path.Combine(spec.ImageFolder, text);
                    SkiaPixelReader.Read(text, spec, editor.Values);
                }
                value = editor.Commit();
            };
        }
    }
}

/// <summary>Two row mappers one after the other (the second reads the first's output schema).</summary>
internal sealed class ChainedMapper(IRowToRowMapper first, IRowToRowMapper second) : IRowToRowMapper
{
    public DataViewSchema InputSchema => first.InputSchema;

    public DataViewSchema OutputSchema => second.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        first.GetDependencies(second.GetDependencies(dependingColumns));

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        var active = activeColumns.ToArray();
        var middle = first.GetRow(input, second.GetDependencies(active));
        try
        {
            return new ChainedRow(middle, second.GetRow(middle, active));
        }
        catch
        {
            middle.Dispose();
            throw;
        }
    }

    private sealed class ChainedRow(DataViewRow middle, DataViewRow row) : DataViewRow
    {
        public override DataViewSchema Schema => row.Schema;

        public override long Position => row.Position;

        public override long Batch => row.Batch;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => row.GetGetter<TValue>(column);

        public override ValueGetter<DataViewRowId> GetIdGetter() => row.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => row.IsColumnActive(column);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                row.Dispose();
                middle.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
