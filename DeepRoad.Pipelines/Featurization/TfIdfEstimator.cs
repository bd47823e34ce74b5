using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Featurization;

/// <summary>
/// TF-IDF weighting of a vector of term counts (an ML.NET word or character bag with <c>Tf</c> weighting), with the
/// option ML.NET's own n-gram weighting lacks: the sublinear count (scikit-learn's <c>sublinear_tf=True</c>). Each
/// count c becomes c x idf, or (1 + ln c) x idf when sublinear; then every row is scaled to unit L2 norm. The IDF is
/// ML.NET's, ln(n / df) over the n training rows, df of them with the term (a term in every row weighs 0), or with
/// <c>smoothIdf</c> scikit-learn's, ln((1 + n) / (1 + df)) + 1. Zero counts stay zero, so a sparse bag stays sparse.
/// Sublinear weighting damps an n-gram repeated within one text: its tenth occurrence adds far less than its first.
/// <para>
/// The fitted model is ML.NET's own transformers (an <c>Expression</c> for the logarithm, a fixed-scale normaliser
/// holding the IDF, an L2 normaliser), so it saves with <c>mlContext.Model.Save</c> like the rest of a pipeline.
/// </para>
/// </summary>
public sealed class TfIdfEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _ml;
    private readonly string _output, _input;
    private readonly bool _sublinear, _smoothIdf;

    /// <summary>Weights the count vector <paramref name="inputColumn"/> into <paramref name="outputColumn"/> (the same name replaces it).</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="outputColumn">The weighted, L2-normalised vector.</param>
    /// <param name="inputColumn">A known-size vector of Single counts.</param>
    /// <param name="sublinear">1 + ln(count) instead of the count.</param>
    /// <param name="smoothIdf">scikit-learn's smoothed IDF instead of ML.NET's ln(n / df).</param>
    public TfIdfEstimator(MLContext mlContext, string outputColumn, string inputColumn, bool sublinear, bool smoothIdf = false)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentException.ThrowIfNullOrEmpty(outputColumn);
        ArgumentException.ThrowIfNullOrEmpty(inputColumn);
        _ml = mlContext;
        _output = outputColumn;
        _input = inputColumn;
        _sublinear = sublinear;
        _smoothIdf = smoothIdf;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!SchemaShapes.TryFind(inputSchema, _input, out var col))
            throw new ArgumentException($"TF-IDF input column '{_input}' not found.", nameof(inputSchema));
        if (col.Kind != SchemaShape.Column.VectorKind.Vector || col.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"TF-IDF input column '{_input}' must be a known-size vector of Single (term counts), got {col.ItemType} ({col.Kind}).", nameof(inputSchema));
        return _ml.Transforms.NormalizeLpNorm(_output, _input).GetOutputSchema(inputSchema);
    }

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var col = input.Schema.GetColumnOrNull(_input)
            ?? throw new ArgumentException($"TF-IDF input column '{_input}' not found. Available: {string.Join(", ", input.Schema.Select(c => c.Name))}.", nameof(input));
        if (col.Type is not VectorDataViewType { ItemType: var item, Size: > 0 } vt || item != NumberDataViewType.Single)
            throw new ArgumentException($"TF-IDF input column '{_input}' must be a known-size vector of Single (term counts), got {col.Type}.", nameof(input));

        // Document frequencies over the training rows.
        int width = vt.Size;
        var df = new long[width];
        long rows = 0;
        using (var cursor = input.GetRowCursor([col]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(col);
            VBuffer<float> counts = default;
            while (cursor.MoveNext())
            {
                getter(ref counts);
                rows++;
                var values = counts.GetValues();
                if (counts.IsDense)
                {
                    for (int j = 0; j < values.Length; j++) if (values[j] != 0) df[j]++;
                }
                else
                {
                    var indices = counts.GetIndices();
                    for (int k = 0; k < values.Length; k++) if (values[k] != 0) df[indices[k]]++;
                }
            }
        }

        var parts = new List<ITransformer>();
        string scaled = _input;
        if (_sublinear)
        {
            var log = _ml.Transforms.Expression(_output, "x : x > 0 ? 1 + log(x) : x", _input).Fit(input);
            parts.Add(log);
            scaled = _output;
        }
        // The IDF as a fixed per-slot scale: a min-max normaliser keeping zero at zero scales slot j by 1 / max_j, so
        // fitted on the rows {1 / idf, 0} it multiplies by idf. A slot whose rows are all 0 (idf 0: the term is in every
        // row) scales to 0, as does a slot of one row alone, so the zero row is needed.
        var inverse = new float[width];
        for (int j = 0; j < width; j++)
        {
            double idf = _smoothIdf
                ? Math.Log((1.0 + rows) / (1.0 + df[j])) + 1.0
                : Math.Log((double)rows / Math.Max(1, df[j]));
            inverse[j] = idf > 0 ? (float)(1.0 / idf) : 0f;
        }
        var definition = SchemaDefinition.Create(typeof(ScaleRow));
        definition[0].ColumnName = scaled;
        definition[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var scaleRows = _ml.Data.LoadFromEnumerable(new[] { new ScaleRow { Values = inverse }, new ScaleRow { Values = new float[width] } }, definition);
        var scale = _ml.Transforms.NormalizeMinMax(_output, scaled, fixZero: true).Fit(scaleRows);
        parts.Add(scale);
        var l2 = _ml.Transforms.NormalizeLpNorm(_output, _output).Fit(scale.Transform(scaleRows));
        parts.Add(l2);
        return new TransformerChain<ITransformer>([.. parts]);
    }

    /// <summary>The one-column rows the IDF scale is fitted on (public for ML.NET's reflection).</summary>
    public sealed class ScaleRow
    {
        /// <summary>The slot values.</summary>
        public float[] Values { get; set; } = [];
    }
}
