using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Estimators;

/// <summary>Shape of the model input: the feature column's width and the categorical key columns' cardinalities.</summary>
internal sealed record InputLayout(string FeatureColumn, int FeatureSize, bool FeatureIsInt32, bool FeatureIsScalar,
    IReadOnlyList<string> CategoricalColumns, IReadOnlyList<int> Cardinalities)
{
    public int Width => FeatureSize + CategoricalColumns.Count;

    public static InputLayout FromSchema(DataViewSchema schema, DeepEstimatorSettings s)
    {
        var col = schema.GetColumnOrNull(s.FeatureColumn)
            ?? throw new ArgumentException($"Input column '{s.FeatureColumn}' not found. Available: {string.Join(", ", schema.Select(c => c.Name))}.");
        int size; bool isInt = false, scalar = false;
        if (col.Type is TextDataViewType)
            throw new ArgumentException(
                $"Column '{s.FeatureColumn}' holds text. Deep models need numbers: tokenize it to token ids with a vocabulary first " +
                "(mlContext.DeepRoad().TokenizeText(...)) or featurize it.");
        if (col.Type is VectorDataViewType v)
        {
            if (!v.IsKnownSize)
                throw new ArgumentException($"Column '{s.FeatureColumn}' is a vector of variable size; deep models need a fixed width (resize images to one size, or set the tokenizer's MaxLength).");
            if (v.ItemType == NumberDataViewType.Single) size = v.Size;
            else if (v.ItemType == NumberDataViewType.Int32) { size = v.Size; isInt = true; }
            else throw new ArgumentException($"Column '{s.FeatureColumn}' is a vector of {v.ItemType}; expected Single (features) or Int32 (token ids).");
        }
        else if (col.Type == NumberDataViewType.Single) { size = 1; scalar = true; }
        else throw new ArgumentException($"Column '{s.FeatureColumn}' has type {col.Type}; expected a vector of Single or Int32.");

        var cards = new List<int>();
        foreach (var name in s.CategoricalColumns)
        {
            var c = schema.GetColumnOrNull(name) ?? throw new ArgumentException($"Categorical column '{name}' not found.");
            if (c.Type is not KeyDataViewType k || k.RawType != typeof(uint))
                throw new ArgumentException($"Categorical column '{name}' must be a UInt32 key column (MapValueToKey); it is {c.Type}.");
            cards.Add(checked((int)k.Count));
        }
        return new InputLayout(s.FeatureColumn, size, isInt, scalar, s.CategoricalColumns.ToArray(), cards);
    }

    public void CheckMatches(DataViewSchema schema)
    {
        var now = FromSchema(schema, new DeepEstimatorSettings
        {
            Task = MLTask.Regression, Network = new Networks.MlpSpec(), FeatureColumn = FeatureColumn, CategoricalColumns = CategoricalColumns,
        });
        if (now.FeatureSize != FeatureSize || now.FeatureIsInt32 != FeatureIsInt32)
            throw new ArgumentException($"Column '{FeatureColumn}' has {now.FeatureSize} values per row ({(now.FeatureIsInt32 ? "Int32" : "Single")}); the model was trained on {FeatureSize} ({(FeatureIsInt32 ? "Int32" : "Single")}).");
    }

    /// <summary>Reads rows into a row-major float matrix (categorical codes appended; key 0 = missing stays 0).</summary>
    public float[] ReadAll(IDataView data, out int rows)
    {
        var list = new List<float>();
        rows = 0;
        using var cursor = OpenCursor(data);
        var reader = new RowReader(cursor, this);
        var row = new float[Width];
        while (cursor.MoveNext())
        {
            reader.Read(row);
            list.AddRange(row);
            rows++;
        }
        return list.ToArray();
    }

    public DataViewRowCursor OpenCursor(IDataView data)
    {
        var cols = new List<DataViewSchema.Column> { data.Schema[FeatureColumn] };
        cols.AddRange(CategoricalColumns.Select(c => data.Schema[c]));
        return data.GetRowCursor(cols);
    }

    /// <summary>Reads the current row of a cursor opened by <see cref="OpenCursor"/>.</summary>
    internal sealed class RowReader
    {
        private readonly InputLayout _layout;
        private readonly ValueGetter<VBuffer<float>>? _vf;
        private readonly ValueGetter<VBuffer<int>>? _vi;
        private readonly ValueGetter<float>? _sf;
        private readonly ValueGetter<uint>[] _cats;
        private VBuffer<float> _bf;
        private VBuffer<int> _bi;

        public RowReader(DataViewRow cursor, InputLayout layout)
        {
            _layout = layout;
            var col = cursor.Schema[layout.FeatureColumn];
            if (layout.FeatureIsScalar) _sf = cursor.GetGetter<float>(col);
            else if (layout.FeatureIsInt32) _vi = cursor.GetGetter<VBuffer<int>>(col);
            else _vf = cursor.GetGetter<VBuffer<float>>(col);
            _cats = layout.CategoricalColumns.Select(c => cursor.GetGetter<uint>(cursor.Schema[c])).ToArray();
        }

        public void Read(Span<float> row)
        {
            int d = _layout.FeatureSize;
            if (_sf is not null)
            {
                float v = 0;
                _sf(ref v);
                row[0] = v;
            }
            else if (_vi is not null)
            {
                _vi(ref _bi);
                var dst = row[..d];
                dst.Clear();
                if (_bi.IsDense) { var src = _bi.GetValues(); for (int i = 0; i < d; i++) dst[i] = src[i]; }
                else { var idx = _bi.GetIndices(); var val = _bi.GetValues(); for (int i = 0; i < idx.Length; i++) dst[idx[i]] = val[i]; }
            }
            else
            {
                _vf!(ref _bf);
                var dst = row[..d];
                if (_bf.IsDense) _bf.GetValues().CopyTo(dst);
                else { dst.Clear(); var idx = _bf.GetIndices(); var val = _bf.GetValues(); for (int i = 0; i < idx.Length; i++) dst[idx[i]] = val[i]; }
            }
            for (int j = 0; j < _cats.Length; j++)
            {
                uint k = 0;
                _cats[j](ref k);
                row[d + j] = k;
            }
        }
    }
}
