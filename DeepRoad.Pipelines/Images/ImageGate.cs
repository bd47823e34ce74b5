using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Images;

/// <summary>
/// Keeps SkiaSharp (under ML.NET's ImageAnalytics: LoadImages, ResizeImages, ConvertToGrayscale, ExtractPixels) from
/// crashing the process: DeepRoad reads the pixels itself where it can, and runs any other image transform one call at a
/// time in the process, on the thread that reads the rows.
/// </summary>
/// <remarks>
/// Why: SkiaSharp objects that ML.NET leaves to the garbage collector are finalized on its thread while images decode
/// on others, and that can corrupt the native heap and kill the process (SIGSEGV in <c>libSkiaSharp</c> under
/// <c>MLImage.CloneImageToSupportedFormat</c>, or glibc's "corrupted double-linked list"). ML.NET's grayscale step
/// allocates a bitmap per image that it never uses, and its copy of a gray or 16-bit image to 32-bit pixels leaves a
/// shader per image (<c>SkiaPixelReaderTests</c> counts them).
/// <list type="bullet">
/// <item>A wrapped chain that starts with LoadImages, ResizeImages, optionally ConvertToGrayscale and ExtractPixels (to
/// floats) is read by <see cref="SkiaPixelReader"/>: the same SkiaSharp calls and values, every object disposed, no
/// lock. Transformers after the run (a DropColumns) map the rows as usual.</item>
/// <item>Any other wrapped transform maps rows through its row mapper over one input cursor (ML.NET's own transformed
/// views split the input and decode on background threads), and every cursor move, value read and disposal takes one
/// process-wide lock, so image decoding is serial.</item>
/// </list>
/// Either way a gated view hands out one cursor at a time. A wrapped transformer saves as the ML.NET transformer it
/// wraps, so saved models are unchanged; <see cref="Protect"/> wraps the image transformers of a loaded model again.
/// </remarks>
public static class ImageGate
{
    internal static readonly object Lock = new();

    /// <summary>Wraps an estimator of ML.NET image transforms so that its fitted transformer runs behind the gate.</summary>
    public static IEstimator<ITransformer> Serialize(IEstimator<ITransformer> estimator) => Serialize(estimator, readPixels: true);

    /// <summary>
    /// <see cref="Serialize(IEstimator{ITransformer})"/>; with <paramref name="readPixels"/> false, ML.NET's transforms do
    /// all the work behind the lock even where DeepRoad could read the pixels itself (the stress benchmark compares both).
    /// </summary>
    internal static IEstimator<ITransformer> Serialize(IEstimator<ITransformer> estimator, bool readPixels)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new GatedImageEstimator(estimator, readPixels);
    }

    /// <summary>
    /// Returns <paramref name="model"/> with every ML.NET image transformer in it (inside transformer chains too) behind
    /// the gate; other transformers are kept as they are. Use it on a model loaded from a file.
    /// </summary>
    public static ITransformer Protect(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is GatedImageTransformer) return model;
        if (IsImageTransformer(model) && model.IsRowToRowMapper) return new GatedImageTransformer(model);
        if (IsChain(model))
        {
            // A run of image transformers in a row (nested chains flattened) is wrapped as one, so that DeepRoad reads the
            // pixels itself.
            var parts = Leaves(model).ToArray();
            var wrapped = new List<ITransformer>();
            for (int i = 0; i < parts.Length;)
            {
                int end = i;
                while (end < parts.Length && IsImageTransformer(parts[end]) && parts[end].IsRowToRowMapper) end++;
                if (end - i > 1)
                {
                    wrapped.Add(new GatedImageTransformer(new TransformerChain<ITransformer>(parts[i..end])));
                    i = end;
                }
                else
                {
                    wrapped.Add(Protect(parts[i]));
                    i++;
                }
            }
            return wrapped.SequenceEqual(parts) ? model : new TransformerChain<ITransformer>(wrapped.ToArray());
        }
        return model;
    }

    internal static bool IsChain(ITransformer model) =>
        model is IEnumerable<ITransformer> && model.GetType().IsGenericType && model.GetType().GetGenericTypeDefinition() == typeof(TransformerChain<>);

    /// <summary>The transformers of <paramref name="model"/> in order, nested transformer chains flattened.</summary>
    internal static IEnumerable<ITransformer> Leaves(ITransformer model) =>
        IsChain(model) ? ((IEnumerable<ITransformer>)model).SelectMany(Leaves) : [model];

    /// <summary>True when <paramref name="model"/> holds an ML.NET ImageAnalytics transformer anywhere (inside chains, behind the gate or not).</summary>
    public static bool HasImageSteps(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Leaves(model).Any(t => t is GatedImageTransformer || IsImageTransformer(t));
    }

    /// <summary>True when <paramref name="model"/> is one of ML.NET ImageAnalytics' transformers (SkiaSharp work).</summary>
    internal static bool IsImageTransformer(ITransformer model) =>
        model.GetType().Assembly == typeof(MLImage).Assembly;
}

/// <summary>The estimator <see cref="ImageGate.Serialize(IEstimator{ITransformer})"/> returns.</summary>
internal sealed class GatedImageEstimator(IEstimator<ITransformer> inner, bool readPixels) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input) => new GatedImageTransformer(inner.Fit(input), readPixels);

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
}

/// <summary>
/// An ML.NET image transformer (or a chain of them) behind <see cref="ImageGate"/>; it saves as what it wraps. When the
/// chain starts with LoadImages, ResizeImages, optionally ConvertToGrayscale and ExtractPixels (to floats), DeepRoad reads
/// the pixels itself with <see cref="SkiaPixelReader"/> (the same SkiaSharp calls, every object disposed) and needs no
/// lock; any other image transform runs through ML.NET's row mapper, one call at a time in the process.
/// </summary>
public sealed class GatedImageTransformer : ITransformer
{
    private readonly (PixelSpec Spec, ITransformer Prefix, ITransformer? Tail)? _direct;

    internal GatedImageTransformer(ITransformer inner, bool readPixels = true)
    {
        if (!inner.IsRowToRowMapper) throw new ArgumentException("ImageGate needs a row-to-row transformer.", nameof(inner));
        Inner = inner;
        if (!readPixels) return;
        var parts = ImageGate.Leaves(inner).ToArray();
        if (DirectImagePixels.Recognize(parts) is var (spec, count) && !parts[count..].Any(ImageGate.IsImageTransformer))
            _direct = (spec, new TransformerChain<ITransformer>(parts[..count]),
                count == parts.Length ? null : new TransformerChain<ITransformer>(parts[count..]));
    }

    /// <summary>The wrapped ML.NET transformer.</summary>
    public ITransformer Inner { get; }

    /// <summary>True when DeepRoad reads the pixels itself (see the class remarks).</summary>
    public bool ReadsPixelsDirectly => _direct is not null;

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        Direct(inputSchema) ?? new GatedMapper(Inner.GetRowToRowMapper(inputSchema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Direct(input.Schema) is { } direct
            ? new GatedView(input, direct, serial: false)
            : new GatedView(input, Inner.GetRowToRowMapper(input.Schema), serial: true);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Inner).Save(ctx);

    private IRowToRowMapper? Direct(DataViewSchema inputSchema)
    {
        if (_direct is not var (spec, prefix, rest)) return null;
        if (DirectPixelMapper.TryCreate(spec, prefix.GetRowToRowMapper(inputSchema)) is not { } mapper) return null;
        return rest is null ? mapper : new ChainedMapper(mapper, rest.GetRowToRowMapper(mapper.OutputSchema));
    }
}

/// <summary>
/// The output of a gated transformer. It maps rows itself, through the transformer's row mapper over one input cursor,
/// instead of through ML.NET's transformed view, whose cursors split their input and decode on background threads
/// (a cursor set of the input, or a splitter over one input cursor, consolidated again). One cursor at a time; with
/// <c>serial</c> (ML.NET's mapper doing the image work) each step under the gate's lock.
/// </summary>
internal sealed class GatedView(IDataView input, IRowToRowMapper mapper, bool serial) : IDataView, DeepRoad.Pipelines.Featurization.ISourcedView
{
    /// <summary>The input, so that a target encoder downstream follows the rows back to their source.</summary>
    public IDataView Source => input;

    public bool CanShuffle => input.CanShuffle;

    public DataViewSchema Schema => mapper.OutputSchema;

    public long? GetRowCount() => input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
    {
        var needed = columnsNeeded.Select(c => mapper.OutputSchema[c.Index]).Distinct().ToArray();
        // The mapper's dependencies, plus the input columns that pass through under the same name.
        var fromInput = mapper.GetDependencies(needed).Select(c => c.Index)
            .Concat(needed.Select(c => input.Schema.GetColumnOrNull(c.Name)).Where(c => c is not null).Select(c => c!.Value.Index))
            .Distinct().Select(i => input.Schema[i]).ToArray();
        if (!serial) return Open(fromInput, needed, rand);
        lock (ImageGate.Lock) return Open(fromInput, needed, rand);
    }

    private GatedCursor Open(DataViewSchema.Column[] fromInput, DataViewSchema.Column[] needed, Random? rand)
    {
        var source = input.GetRowCursor(fromInput, rand);
        try
        {
            return new GatedCursor(source, mapper.GetRow(source, needed), needed.Select(c => c.Index).ToHashSet(), serial);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}

internal sealed class GatedCursor(DataViewRowCursor source, DataViewRow row, HashSet<int> active, bool serial) : DataViewRowCursor
{
    public override DataViewSchema Schema => row.Schema;

    public override long Position => source.Position;

    public override long Batch => source.Batch;

    public override bool MoveNext()
    {
        if (!serial) return source.MoveNext();
        lock (ImageGate.Lock) return source.MoveNext();
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
        serial ? Gated.Getter(row.GetGetter<TValue>(column)) : row.GetGetter<TValue>(column);

    public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (serial) Monitor.Enter(ImageGate.Lock);
            try
            {
                row.Dispose();
                source.Dispose();
            }
            finally
            {
                if (serial) Monitor.Exit(ImageGate.Lock);
            }
        }
        base.Dispose(disposing);
    }
}

/// <summary>The row mapper of a gated transformer (prediction engines): rows whose reads take the gate's lock.</summary>
internal sealed class GatedMapper(IRowToRowMapper inner) : IRowToRowMapper
{
    public DataViewSchema InputSchema => inner.InputSchema;

    public DataViewSchema OutputSchema => inner.OutputSchema;

    public IEnumerable<DataViewSchema.Column> GetDependencies(IEnumerable<DataViewSchema.Column> dependingColumns) =>
        inner.GetDependencies(dependingColumns);

    public DataViewRow GetRow(DataViewRow input, IEnumerable<DataViewSchema.Column> activeColumns)
    {
        lock (ImageGate.Lock) return new GatedRow(inner.GetRow(input, activeColumns));
    }
}

internal sealed class GatedRow(DataViewRow inner) : DataViewRow
{
    public override DataViewSchema Schema => inner.Schema;

    public override long Position => inner.Position;

    public override long Batch => inner.Batch;

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => Gated.Getter(inner.GetGetter<TValue>(column));

    public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

    protected override void Dispose(bool disposing)
    {
        if (disposing) lock (ImageGate.Lock) inner.Dispose();
        base.Dispose(disposing);
    }
}

internal static class Gated
{
    public static ValueGetter<TValue> Getter<TValue>(ValueGetter<TValue> get) => (ref TValue value) =>
    {
        lock (ImageGate.Lock) get(ref value);
    };
}
