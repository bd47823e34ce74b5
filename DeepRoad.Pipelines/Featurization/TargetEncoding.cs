using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Featurization;

/// <summary>
/// The choices of <see cref="TargetEncodingEstimator"/> (scikit-learn's <c>TargetEncoder</c>, with an m-estimate
/// rather than its empirical-Bayes smoothing).
/// </summary>
public sealed record TargetEncodingOptions
{
    /// <summary>
    /// Smoothing m: a category seen n times is encoded as (sum of its targets + m * prior) / (n + m), so a rare category
    /// stays near the prior (default 10, LightGBM's <c>cat_smooth</c>; 0 = the plain mean).
    /// </summary>
    public double Smoothing { get; init; } = 10;

    /// <summary>
    /// Cross-fitting folds for the training rows (default 5, scikit-learn's <c>cv</c>): the rows the encoder was fitted on
    /// get each category's encoding from the other folds, so a row's own label never reaches its features. 1 = none
    /// (every row gets the encoding of all rows).
    /// </summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the shuffle that deals the training rows into the cross-fitting folds.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the values; throws <see cref="ArgumentException"/> naming the option.</summary>
    public void Validate()
    {
        if (!(Smoothing >= 0) || double.IsInfinity(Smoothing)) throw new ArgumentException("Smoothing must be 0 or more.", nameof(Smoothing));
        if (Folds < 1) throw new ArgumentException("Folds must be at least 1.", nameof(Folds));
    }
}

/// <summary>
/// Target encoding of categorical text columns: each category becomes the smoothed mean of the label over the training
/// rows with that category (regression), the smoothed share of the positive class (binary), or one smoothed share per
/// class (multiclass), written as its difference from the label's overall mean, so that a category never seen in
/// training encodes as 0, the prior. This is how a column with thousands of values (a store, a zip code, a product id)
/// becomes one informative number instead of thousands of sparse one-hot slots or colliding hash buckets.
/// <para>
/// Fitting reads the prepared label column (<see cref="LabelPreparer.LabelColumnName"/>: Single, Boolean or a key);
/// scoring reads only the categorical columns. The training rows themselves are encoded out of fold
/// (<see cref="TargetEncodingOptions.Folds"/>): when the fitted transformer is applied to the very view it was fitted on,
/// as an estimator chain does before fitting the next step, or to the same transforms of the same source view (an
/// outer chain runs a fitted inner chain again from its first step), each row gets the encoding computed without its
/// own fold.
/// Without that, a category seen once would carry its row's label into the features, and a tree would learn the label
/// back from it. Every other view (validation rows, new rows, a reloaded model) gets the encoding of all training rows.
/// </para>
/// The fitted model is ML.NET's own value mapping (one lookup per output number), so it saves with
/// <c>mlContext.Model.Save</c> like any ML.NET transformer.
/// </summary>
public sealed class TargetEncodingEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _ml;
    private readonly LabelInfo _label;
    private readonly InputOutputColumnPair[] _columns;
    private readonly TargetEncodingOptions _options;

    /// <summary>Encodes the categorical text columns in <paramref name="columns"/> (output name, input name) by the label described in <paramref name="label"/>.</summary>
    public TargetEncodingEstimator(MLContext mlContext, LabelInfo label, IEnumerable<InputOutputColumnPair> columns, TargetEncodingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(columns);
        _ml = mlContext;
        _label = label;
        _columns = columns.ToArray();
        if (_columns.Length == 0) throw new ArgumentException("target encoding needs at least one column.", nameof(columns));
        _options = options ?? new TargetEncodingOptions();
        _options.Validate();
        if (label.Task == MLTask.MulticlassClassification && label.Classes.Count < 2)
            throw new ArgumentException($"label '{label.Column}' has {label.Classes.Count} class(es); multiclass target encoding needs at least two.", nameof(label));
    }

    /// <summary>Numbers per encoded column: one per class for several classes, else one.</summary>
    public int Dimensions => _label.Task == MLTask.MulticlassClassification ? _label.Classes.Count : 1;

    /// <summary>The output columns of an encoded column, in order: its output name, or one per class (<c>name#k</c>) for several classes.</summary>
    public IReadOnlyList<string> OutputsOf(string outputColumn) => OutputNames(outputColumn, Dimensions);

    /// <summary>All output columns, column by column.</summary>
    public IReadOnlyList<string> Outputs => _columns.SelectMany(c => OutputsOf(c.OutputColumnName)).ToArray();

    private static string[] OutputNames(string output, int dims) =>
        dims == 1 ? [output] : Enumerable.Range(0, dims).Select(k => $"{output}#{k}").ToArray();

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        foreach (var c in _columns)
        {
            if (!SchemaShapes.TryFind(inputSchema, c.InputColumnName, out var col))
                throw new ArgumentException($"target encoding: input column '{c.InputColumnName}' not found.", nameof(inputSchema));
            if (col.Kind != SchemaShape.Column.VectorKind.Scalar || col.ItemType is not TextDataViewType)
                throw new ArgumentException($"target encoding: column '{c.InputColumnName}' must be a text scalar; it is {col.ItemType}.", nameof(inputSchema));
        }
        return Mapping(_columns.Select(c => (c, new Dictionary<string, float[]>())).ToList()).GetOutputSchema(inputSchema);
    }

    /// <summary>The ML.NET value mappings: per column and number, category to encoding (a category missing from a map reads as 0).</summary>
    private IEstimator<ITransformer> Mapping(IReadOnlyList<(InputOutputColumnPair Column, Dictionary<string, float[]> Codes)> tables)
    {
        int dims = Dimensions;
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var (column, codes) in tables)
        {
            var names = OutputNames(column.OutputColumnName, dims);
            for (int d = 0; d < dims; d++)
            {
                int k = d;
                // ML.NET's value mapping needs one pair at least; an empty table (no labelled row) maps nothing to 0.
                var pairs = codes.Count > 0
                    ? codes.Select(kv => new KeyValuePair<string, float>(kv.Key, kv.Value[k]))
                    : [new KeyValuePair<string, float>("", 0f)];
                chain = chain.Append(_ml.Transforms.Conversion.MapValue(names[d], pairs, column.InputColumnName));
            }
        }
        return chain;
    }

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        GetOutputSchema(SchemaShapes.Create(input.Schema));
        int dims = Dimensions;
        var labelColumn = input.Schema.GetColumnOrNull(LabelPreparer.LabelColumnName)
            ?? throw new ArgumentException($"target encoding reads the prepared label column '{LabelPreparer.LabelColumnName}' when it is fitted; the data has none (prepare it with LabelPreparer).", nameof(input));

        // One pass: the label as one target number per dimension (NaN = no label), and every column's category text.
        var targets = new List<float>();
        var categories = _columns.Select(_ => new List<string>()).ToArray();
        var inputs = _columns.Select(c => input.Schema[c.InputColumnName]).ToArray();
        using (var cursor = input.GetRowCursor(inputs.Append(labelColumn)))
        {
            var label = LabelReader(cursor, labelColumn, dims);
            var getters = inputs.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
            var row = new float[dims];
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                label(row);
                targets.AddRange(row);
                for (int j = 0; j < getters.Length; j++)
                {
                    getters[j](ref text);
                    categories[j].Add(text.ToString());
                }
            }
        }
        int n = targets.Count / dims;
        var y = targets.ToArray();

        // The prior: the label's mean over the labelled rows.
        var prior = new double[dims];
        int labelled = 0;
        for (int i = 0; i < n; i++)
        {
            if (float.IsNaN(y[i * dims])) continue;
            labelled++;
            for (int d = 0; d < dims; d++) prior[d] += y[i * dims + d];
        }
        for (int d = 0; d < dims; d++) prior[d] = labelled > 0 ? prior[d] / labelled : 0;

        // Cross-fitting folds: a seeded shuffle of the rows dealt round-robin.
        int folds = Math.Min(_options.Folds, Math.Max(1, n));
        var fold = new int[n];
        var order = Enumerable.Range(0, n).ToArray();
        new Random(_options.Seed).Shuffle(order);
        for (int i = 0; i < n; i++) fold[order[i]] = i % folds;

        var tables = new List<(InputOutputColumnPair, Dictionary<string, float[]>)>();
        var outOfFold = new float[_columns.Length][];
        for (int j = 0; j < _columns.Length; j++)
        {
            var values = categories[j];
            // Per category: row count and target sums, over all rows and per fold.
            var stats = new Dictionary<string, (double[] Count, double[] Sum)>(StringComparer.Ordinal);
            for (int i = 0; i < n; i++)
            {
                if (float.IsNaN(y[i * dims])) continue;
                if (!stats.TryGetValue(values[i], out var s))
                    stats[values[i]] = s = (new double[folds + 1], new double[(folds + 1) * dims]);
                s.Count[folds]++;
                s.Count[fold[i]]++;
                for (int d = 0; d < dims; d++)
                {
                    s.Sum[folds * dims + d] += y[i * dims + d];
                    s.Sum[fold[i] * dims + d] += y[i * dims + d];
                }
            }
            // No row and no smoothing: nothing to go on but the prior (0).
            float Code(double count, double sum, int d) => count + _options.Smoothing > 0
                ? (float)((sum + _options.Smoothing * prior[d]) / (count + _options.Smoothing) - prior[d])
                : 0f;
            var codes = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var (category, s) in stats)
            {
                var code = new float[dims];
                for (int d = 0; d < dims; d++) code[d] = Code(s.Count[folds], s.Sum[folds * dims + d], d);
                codes[category] = code;
            }
            tables.Add((_columns[j], codes));

            // Each training row's encoding without its own fold (with one fold, the encoding of all rows).
            var oof = new float[n * dims];
            for (int i = 0; i < n; i++)
            {
                if (!stats.TryGetValue(values[i], out var s)) continue; // only unlabelled rows have this category: the prior
                double count = folds == 1 ? s.Count[folds] : s.Count[folds] - s.Count[fold[i]];
                for (int d = 0; d < dims; d++)
                {
                    double sum = folds == 1 ? s.Sum[folds * dims + d] : s.Sum[folds * dims + d] - s.Sum[fold[i] * dims + d];
                    oof[i * dims + d] = Code(count, sum, d);
                }
            }
            outOfFold[j] = oof;
        }

        var inner = Mapping(tables).Fit(input);
        var outputs = _columns.Select(c => OutputNames(c.OutputColumnName, dims)).ToArray();
        return new TargetEncodingTransformer(inner, input, outputs, outOfFold, dims, n);
    }

    /// <summary>
    /// The view a run of ML.NET transforms started from (<c>IDataTransform.Source</c> followed down to the first
    /// view that is not a transform) and how many transforms lie between. An estimator chain that holds another chain
    /// fits the inner one and then runs it again from its first step: the encoder then sees a new view of the very rows
    /// it was fitted on, which it recognises by this lineage.
    /// </summary>
    internal static (IDataView Root, int Depth) Lineage(IDataView view)
    {
        int depth = 0;
        while (SourceOf(view) is { } source && depth < 100_000)
        {
            view = source;
            depth++;
        }
        return (view, depth);
    }

    // ML.NET keeps IDataTransform (a view with its Source) internal; its Source is read through the interface by reflection.
    private static readonly Type? DataTransform = typeof(IDataView).Assembly.GetType("Microsoft.ML.Data.IDataTransform")
        ?? typeof(MLContext).Assembly.GetType("Microsoft.ML.Data.IDataTransform");
    private static readonly System.Reflection.PropertyInfo? SourceProperty = DataTransform?.GetProperty("Source");

    private static IDataView? SourceOf(IDataView view) => view switch
    {
        ISourcedView own => own.Source,
        _ when SourceProperty is not null && DataTransform!.IsInstanceOfType(view) => SourceProperty.GetValue(view) as IDataView,
        _ => null,
    };

    /// <summary>Reads the prepared label into one target number per dimension; NaN in the first marks an unlabelled row.</summary>
    private Action<float[]> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column column, int dims)
    {
        var type = column.Type;
        switch (_label.Task)
        {
            case MLTask.MulticlassClassification when type is KeyDataViewType:
            {
                var get = cursor.GetGetter<uint>(column);
                uint key = 0;
                return row =>
                {
                    get(ref key);
                    Array.Clear(row);
                    if (key == 0 || key > dims) row[0] = float.NaN;
                    else row[key - 1] = 1f;
                };
            }
            case MLTask.BinaryClassification when type is BooleanDataViewType:
            {
                var get = cursor.GetGetter<bool>(column);
                bool value = false;
                return row =>
                {
                    get(ref value);
                    row[0] = value ? 1f : 0f;
                };
            }
            case MLTask.Regression when type == NumberDataViewType.Single:
            {
                var get = cursor.GetGetter<float>(column);
                float value = 0;
                return row =>
                {
                    get(ref value);
                    row[0] = float.IsFinite(value) ? value : float.NaN;
                };
            }
            default:
                throw new ArgumentException($"target encoding for {_label.Task} cannot read the label column '{column.Name}' of type {type} (expected the prepared label: Single for regression, Boolean for two classes, a key for several).");
        }
    }
}

/// <summary>A DeepRoad view computed from another view row by row (so the target encoder can follow a view back to its source).</summary>
internal interface ISourcedView
{
    /// <summary>The view this one reads its rows from.</summary>
    IDataView Source { get; }
}

/// <summary>
/// A fitted <see cref="TargetEncodingEstimator"/>: ML.NET value mappings, which it saves as, plus the out-of-fold
/// encodings of the rows it was fitted on, which it serves when it is applied to that same view.
/// </summary>
public sealed class TargetEncodingTransformer : ITransformer
{
    private readonly ITransformer _inner;
    private readonly WeakReference<IDataView> _fitted;
    private readonly WeakReference<IDataView> _root;
    private readonly int _depth;
    private readonly string[][] _outputs;
    private float[][]? _outOfFold;
    private readonly int _dims;
    private readonly int _rows;

    internal TargetEncodingTransformer(ITransformer inner, IDataView fitted, string[][] outputs, float[][] outOfFold, int dims, int rows)
    {
        _inner = inner;
        _fitted = new WeakReference<IDataView>(fitted);
        var (root, depth) = TargetEncodingEstimator.Lineage(fitted);
        _root = new WeakReference<IDataView>(root);
        _depth = depth;
        _outputs = outputs;
        _outOfFold = outOfFold;
        _dims = dims;
        _rows = rows;
    }

    /// <summary>The ML.NET value mappings this transformer applies to new rows (and saves as).</summary>
    public ITransformer Mapping => _inner;

    /// <inheritdoc />
    public bool IsRowToRowMapper => _inner.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _inner.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _inner.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outOfFold = _outOfFold;
        if (!_root.TryGetTarget(out var root))
        {
            // The rows it was fitted on are gone, so nothing can ask for them again: release their encodings (a fold model
            // kept for an ensemble would otherwise hold them for the life of the run).
            _outOfFold = null;
            return _inner.Transform(input);
        }
        if (outOfFold is null || !IsFittedRows(input, root)) return _inner.Transform(input);
        var schema = _inner.GetOutputSchema(input.Schema);
        var columns = new Dictionary<string, (float[] Values, int Offset)>(StringComparer.Ordinal);
        for (int j = 0; j < _outputs.Length; j++)
            for (int d = 0; d < _outputs[j].Length; d++)
                columns[_outputs[j][d]] = (outOfFold[j], d);
        return new OutOfFoldView(input, schema, columns, _dims, _rows);
    }

    /// <summary>
    /// Whether <paramref name="input"/> is the view the encoder was fitted on, or the same run of transforms applied
    /// again to the same source view (with the same row count).
    /// </summary>
    private bool IsFittedRows(IDataView input, IDataView root)
    {
        if (_fitted.TryGetTarget(out var fitted) && ReferenceEquals(fitted, input)) return true;
        var (inputRoot, depth) = TargetEncodingEstimator.Lineage(input);
        return ReferenceEquals(inputRoot, root) && depth == _depth && (input.GetRowCount() is not { } count || count == _rows);
    }

    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_inner).Save(ctx);

    /// <summary>
    /// The fitted rows with their out-of-fold encodings: the schema of the value mappings' output, where an encoding column
    /// is read from the stored numbers by row position and every other column from the input.
    /// </summary>
    private sealed class OutOfFoldView : IDataView, ISourcedView
    {
        private readonly IDataView _source;
        private readonly Dictionary<string, (float[] Values, int Offset)> _encoded;
        private readonly int _dims;
        private readonly int _rows;

        public OutOfFoldView(IDataView source, DataViewSchema schema, Dictionary<string, (float[] Values, int Offset)> encoded, int dims, int rows)
        {
            _source = source;
            Schema = schema;
            _encoded = encoded;
            _dims = dims;
            _rows = rows;
        }

        public IDataView Source => _source;

        public bool CanShuffle => false;

        public DataViewSchema Schema { get; }

        public long? GetRowCount() => _rows;

        public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        {
            var needed = columnsNeeded.ToList();
            var fromSource = needed.Where(c => !_encoded.ContainsKey(c.Name) && _source.Schema.GetColumnOrNull(c.Name) is not null)
                .Select(c => _source.Schema[c.Name]).Distinct().ToList();
            return new Cursor(this, _source.GetRowCursor(fromSource), needed.Select(c => c.Index).ToHashSet());
        }

        public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
            => [GetRowCursor(columnsNeeded, rand)];

        private sealed class Cursor(OutOfFoldView view, DataViewRowCursor inner, HashSet<int> active) : DataViewRowCursor
        {
            private long _position = -1;

            public override DataViewSchema Schema => view.Schema;

            public override long Position => _position;

            public override long Batch => 0;

            public override bool MoveNext()
            {
                if (!inner.MoveNext()) return false;
                _position++;
                if (_position >= view._rows)
                    throw new InvalidOperationException($"the view the target encoder was fitted on now has more than its {view._rows} rows.");
                return true;
            }

            public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
            {
                string name = view.Schema[column.Index].Name;
                if (!view._encoded.TryGetValue(name, out var e)) return inner.GetGetter<TValue>(view._source.Schema[name]);
                if (typeof(TValue) != typeof(float)) throw new InvalidOperationException($"column '{name}' is Single; asked for {typeof(TValue).Name}.");
                int dims = view._dims;
                ValueGetter<float> get = (ref float value) => value = e.Values[_position * dims + e.Offset];
                return (ValueGetter<TValue>)(Delegate)get;
            }

            public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

            public override bool IsColumnActive(DataViewSchema.Column column) => active.Contains(column.Index);

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }
}
