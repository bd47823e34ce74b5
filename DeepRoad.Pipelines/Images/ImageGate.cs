using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Images;

/// <summary>
/// Runs ML.NET's image transforms (ImageAnalytics: LoadImages, ResizeImages, ConvertToGrayscale, ExtractPixels, all
/// SkiaSharp 2.88 underneath) one call at a time in the process, on the thread that reads the rows.
/// </summary>
/// <remarks>
/// Why: SkiaSharp objects that ML.NET leaves to the garbage collector are finalized on its thread while images decode
/// on others, and that can corrupt the native heap and kill the process (SIGSEGV in <c>libSkiaSharp</c> under
/// <c>MLImage.CloneImageToSupportedFormat</c>, or glibc's "corrupted double-linked list"). In an AutoML search on an
/// image set two trials decode images at once, and ML.NET's consolidating cursors decode on further background threads.
/// The main leak is ML.NET's grayscale step, which DeepRoad no longer uses (see <see cref="ImagePixelsEstimator"/>);
/// the gate keeps the rest of the image work on one thread at a time, so the finalizer is the only other party. It is
/// not a cure on its own: under <c>DeepRoad.Benchmarks skia-stress</c> (a full collection every 5 ms) the grayscale
/// step crashes with or without it. A wrapped transform maps rows through its row mapper over one input cursor (ML.NET's own transformed
/// views split the input and decode on background threads), and every cursor move, value read and disposal takes one
/// process-wide lock. Image decoding is then serial, which costs little in a search that already runs trials in
/// parallel (about a third fewer images per second in the stress benchmark, whose two threads do nothing else).
/// A wrapped transformer saves as the ML.NET transformer it wraps, so saved models are unchanged;
/// <see cref="Protect"/> wraps the image transformers of a loaded model again.
/// </remarks>
public static class ImageGate
{
    internal static readonly object Lock = new();

    /// <summary>Wraps an estimator of ML.NET image transforms so that its fitted transformer runs behind the gate.</summary>
    public static IEstimator<ITransformer> Serialize(IEstimator<ITransformer> estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        return new GatedImageEstimator(estimator);
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
        if (model is IEnumerable<ITransformer> chain && model.GetType().IsGenericType
            && model.GetType().GetGenericTypeDefinition() == typeof(TransformerChain<>))
        {
            var parts = chain.ToArray();
            var wrapped = parts.Select(Protect).ToArray();
            return wrapped.SequenceEqual(parts) ? model : new TransformerChain<ITransformer>(wrapped);
        }
        return model;
    }

    /// <summary>True when <paramref name="model"/> is one of ML.NET ImageAnalytics' transformers (SkiaSharp work).</summary>
    internal static bool IsImageTransformer(ITransformer model) =>
        model.GetType().Assembly == typeof(MLImage).Assembly;
}

/// <summary>The estimator <see cref="ImageGate.Serialize"/> returns.</summary>
internal sealed class GatedImageEstimator(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input) => new GatedImageTransformer(inner.Fit(input));

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
}

/// <summary>An ML.NET image transformer (or a chain of them) behind <see cref="ImageGate"/>; it saves as what it wraps.</summary>
public sealed class GatedImageTransformer : ITransformer
{
    internal GatedImageTransformer(ITransformer inner)
    {
        if (!inner.IsRowToRowMapper) throw new ArgumentException("ImageGate needs a row-to-row transformer.", nameof(inner));
        Inner = inner;
    }

    /// <summary>The wrapped ML.NET transformer.</summary>
    public ITransformer Inner { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => new GatedMapper(Inner.GetRowToRowMapper(inputSchema));

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new GatedView(input, Inner.GetRowToRowMapper(input.Schema));
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)Inner).Save(ctx);
}

/// <summary>
/// The output of a gated transformer. It maps rows itself, through the transformer's row mapper over one input cursor,
/// instead of through ML.NET's transformed view, whose cursors split their input and decode on background threads
/// (a cursor set of the input, or a splitter over one input cursor, consolidated again). One cursor at a time, each
/// step under the gate's lock.
/// </summary>
internal sealed class GatedView(IDataView input, IRowToRowMapper mapper) : IDataView, DeepRoad.Pipelines.Featurization.ISourcedView
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
        lock (ImageGate.Lock)
        {
            var source = input.GetRowCursor(fromInput, rand);
            try
            {
                return new GatedCursor(source, mapper.GetRow(source, needed), needed.Select(c => c.Index).ToHashSet());
            }
            catch
            {
                source.Dispose();
                throw;
            }
        }
    }

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];
}

internal sealed class GatedCursor(DataViewRowCursor source, DataViewRow row, HashSet<int> active) : DataViewRowCursor
{
    public override DataViewSchema Schema => row.Schema;

    public override long Position => source.Position;

    public override long Batch => source.Batch;

    public override bool MoveNext()
    {
        lock (ImageGate.Lock) return source.MoveNext();
    }

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => Gated.Getter(row.GetGetter<TValue>(column));

    public override ValueGetter<DataViewRowId> GetIdGetter() => source.GetIdGetter();

    public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            lock (ImageGate.Lock)
            {
                row.Dispose();
                source.Dispose();
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
