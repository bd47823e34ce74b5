using DeepRoad.Ensembles.Data;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles;

/// <summary>
/// Elastic-net linear regression by cyclic coordinate descent over a regularisation path (Friedman, Hastie and
/// Tibshirani 2010, glmnet; scikit-learn's ElasticNetCV / LassoCV). ML.NET has no lasso: its SDCA regression takes an
/// L1 term but needs its penalties tuned point by point, and on wide tables with few informative columns it stops
/// short of the lasso's fit. Here one fit walks 100 penalties from the one that zeroes every weight down to a
/// thousandth of it, each warm-started from the last, and picks the penalty by K-fold cross-validation of the whole
/// path (each fold standardises on its own rows), then refits on all rows down to it.
/// <para>
/// Features are standardised inside the fit (mean and population standard deviation; constant slots get weight 0) and
/// the intercept is not penalised, so no normaliser is needed in front. Sparse feature vectors are read and solved
/// sparse (centring is implicit, as in scikit-learn's sparse coordinate descent). Outputs ML.NET's regression
/// <c>Score</c>. Rows with a missing label are skipped; a missing or infinite feature value is an error naming the
/// column, slot and row.
/// </para>
/// </summary>
public sealed class ElasticNetEstimator : IEstimator<ElasticNetTransformer>
{
    /// <summary>An estimator with the given options (validated here).</summary>
    public ElasticNetEstimator(MLContext context, ElasticNetOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The options.</summary>
    public ElasticNetOptions Options { get; }

    /// <inheritdoc />
    public ElasticNetTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var o = Options;
        int d = ScoredColumns.FeatureWidth(input.Schema, o.FeatureColumnName);
        var (_, label) = ScoredColumns.Label(input.Schema, o.LabelColumnName, t => t == MLTask.Regression, Needs);
        var rows = Read(input, o.FeatureColumnName, label);
        int n = rows.Y.Count;
        if (n == 0) throw new ArgumentException($"Elastic net: no training rows with a label in '{o.LabelColumnName}'.");
        // glmnet's convention: the label is fitted in units of its standard deviation, so the penalty (and with it the
        // L2 part's shrinkage, 1 / (1 + Alpha (1 - L1Ratio))) means the same whatever the label's scale. On raw labels
        // of about 1e9 an L1 ratio of 0.5 shrank every weight to almost 0 at every penalty of the path.
        double scale = 1;
        if (o.StandardizeLabel)
        {
            double mean = rows.Y.Average(), sd = Math.Sqrt(rows.Y.Sum(v => (v - mean) * (v - mean)) / n);
            if (sd > 0 && double.IsFinite(sd)) scale = sd;
            for (int i = 0; i < n; i++) rows.Y[i] /= scale;
        }

        var all = Enumerable.Range(0, n).ToArray();
        var full = new Design(rows, all, d, UseGram(n, d, o));
        double alphaMax = full.AlphaMax(o.L1Ratio);
        var path = Path(alphaMax, o.NumberOfAlphas, o.AlphaMinRatio);
        double alpha;
        double[]? cvMse = null;
        if (o.Alpha is { } fixedAlpha) alpha = fixedAlpha;
        else if (path.Length == 1 || n < 4) alpha = path[path.Length / 2]; // too few rows to cross-validate: the path's middle
        else
        {
            cvMse = CrossValidate(rows, d, path, o);
            int best = 0;
            for (int k = 1; k < path.Length; k++)
                if (cvMse[k] < cvMse[best]) best = k; // ties go to the larger penalty (the simpler model)
            alpha = path[best];
        }
        // Warm starts down the path to the chosen penalty, then the penalty itself (when fixed and off the path).
        foreach (var a in path.Where(a => a > alpha)) full.Solve(a, o);
        full.Solve(alpha, o);
        var (weights, bias) = full.Unstandardised();
        for (int j = 0; j < weights.Length; j++) weights[j] = (float)(weights[j] * scale);
        return new ElasticNetTransformer(o.FeatureColumnName, weights, (float)(bias * scale), alpha, o.L1Ratio,
            cvMse is null ? null : path, cvMse?.Select(m => m * scale * scale).ToArray());
    }

    /// <summary>The path: <paramref name="count"/> penalties log-spaced from <paramref name="alphaMax"/> down to <paramref name="alphaMax"/> * <paramref name="minRatio"/>.</summary>
    internal static double[] Path(double alphaMax, int count, double minRatio)
    {
        // Every weight is 0 at any penalty when no feature varies or the label is constant: one (arbitrary) penalty.
        if (!(alphaMax > 0) || double.IsInfinity(alphaMax)) return [1.0];
        if (count == 1) return [alphaMax];
        return Enumerable.Range(0, count).Select(k => alphaMax * Math.Pow(minRatio, k / (double)(count - 1))).ToArray();
    }

    /// <summary>Whether a fit on <paramref name="n"/> rows of <paramref name="d"/> features solves on the Gram matrix (see <see cref="ElasticNetOptions.Precompute"/>).</summary>
    internal static bool UseGram(int n, int d, ElasticNetOptions o) =>
        d <= ElasticNetOptions.MaximumGramFeatures && (o.Precompute ?? n >= 2 * d);

    /// <summary>Mean squared error of each penalty of <paramref name="path"/> over held-out folds (rows shuffled with the seed).</summary>
    private static double[] CrossValidate(Rows rows, int d, double[] path, ElasticNetOptions o)
    {
        int n = rows.Y.Count;
        int folds = Math.Max(2, Math.Min(o.NumberOfFolds, n / 2));
        var fold = new int[n];
        var order = Enumerable.Range(0, n).ToArray();
        new Random(o.Seed).Shuffle(order);
        for (int i = 0; i < n; i++) fold[order[i]] = i % folds;
        var sse = new double[path.Length];
        for (int f = 0; f < folds; f++)
        {
            var train = Enumerable.Range(0, n).Where(i => fold[i] != f).ToArray();
            var held = Enumerable.Range(0, n).Where(i => fold[i] == f).ToArray();
            var design = new Design(rows, train, d, UseGram(train.Length, d, o));
            for (int k = 0; k < path.Length; k++)
            {
                design.Solve(path[k], o);
                var (weights, bias) = design.Unstandardised();
                foreach (var i in held)
                {
                    double e = rows.Y[i] - rows.Predict(i, weights, bias);
                    sse[k] += e * e;
                }
            }
        }
        return sse.Select(s => s / n).ToArray();
    }

    /// <summary>The labelled rows, sparse: per row its non-zero slots and values.</summary>
    internal sealed class Rows
    {
        public List<int[]> Indices { get; } = [];
        public List<float[]> Values { get; } = [];
        public List<double> Y { get; } = [];

        public double Predict(int row, float[] weights, double bias)
        {
            double s = bias;
            var idx = Indices[row];
            var val = Values[row];
            for (int k = 0; k < idx.Length; k++) s += weights[idx[k]] * val[k];
            return s;
        }
    }

    private static Rows Read(IDataView input, string featureColumn, DataViewSchema.Column label)
    {
        var rows = new Rows();
        var features = input.Schema[featureColumn];
        using var cursor = input.GetRowCursor([features, label]);
        var getX = cursor.GetGetter<VBuffer<float>>(features);
        var getY = cursor.GetGetter<float>(label);
        VBuffer<float> x = default;
        float y = 0;
        long row = 0;
        var idx = new List<int>();
        var val = new List<float>();
        while (cursor.MoveNext())
        {
            row++;
            getY(ref y);
            if (float.IsNaN(y)) continue;
            if (float.IsInfinity(y))
                throw new DeepRoadDataException($"Elastic net: label column '{label.Name}' holds {y} at row {row}.") { Column = label.Name };
            getX(ref x);
            idx.Clear();
            val.Clear();
            var values = x.GetValues();
            var indices = x.IsDense ? default : x.GetIndices();
            for (int k = 0; k < values.Length; k++)
            {
                float v = values[k];
                int j = x.IsDense ? k : indices[k];
                if (!float.IsFinite(v))
                    throw new DeepRoadDataException(
                        $"Elastic net needs finite features (impute missing values first); column '{featureColumn}' slot {j} holds {v} at row {row}.")
                    { Column = featureColumn };
                if (v == 0) continue;
                idx.Add(j);
                val.Add(v);
            }
            rows.Indices.Add(idx.ToArray());
            rows.Values.Add(val.ToArray());
            rows.Y.Add(y);
        }
        return rows;
    }

    /// <summary>
    /// Some rows in column-major sparse form with the solver's state: weights on the standardised features and the
    /// residual without its centring term. With z_ij = (x_ij - m_j) / s_j and r = y - mean y - Z w, the residual is
    /// r_i = rr_i + c with rr_i = y_i - mean y - sum_j (w_j / s_j) x_ij and a constant c, and the coordinate gradient
    /// (1/n) z_j . r = (x_j . rr - m_j sum(rr)) / (n s_j): the constant cancels, so only rr and its sum are kept and
    /// an update touches the column's non-zero rows alone.
    /// In Gram mode (<see cref="ElasticNetOptions.Precompute"/>) the rows are read once into G = (1/n) Z'Z and
    /// c = (1/n) Z'(y - mean y), and the gradient (1/n) z_j . r = c_j - (G w)_j is kept through q = G w, which an update of
    /// w_j moves by delta G[:, j]: the rows are not touched again, so a pass costs the features, not the rows.
    /// </summary>
    private sealed class Design
    {
        private readonly double[][]? _gram;
        private readonly double[]? _c, _q;
        private readonly int _n;
        private readonly int[][] _rows;
        private readonly float[][] _values;
        // Columns that are at least half non-zero, stored densely (every row, in order): a contiguous, vectorised dot
        // product instead of an indexed one.
        private readonly double[]?[] _dense;
        private readonly double[] _mean, _std;
        private readonly bool[] _usable;
        private readonly double _yMean;
        private readonly double[] _w;
        private double[] _rr;
        private double _sumRr;

        public Design(Rows data, int[] subset, int d, bool gram)
        {
            _n = subset.Length;
            var counts = new int[d];
            foreach (var i in subset) foreach (var j in data.Indices[i]) counts[j]++;
            _rows = new int[d][];
            _values = new float[d][];
            for (int j = 0; j < d; j++) { _rows[j] = new int[counts[j]]; _values[j] = new float[counts[j]]; }
            Array.Clear(counts);
            for (int local = 0; local < subset.Length; local++)
            {
                int i = subset[local];
                var idx = data.Indices[i];
                var val = data.Values[i];
                for (int k = 0; k < idx.Length; k++)
                {
                    int j = idx[k], c = counts[j]++;
                    _rows[j][c] = local;
                    _values[j][c] = val[k];
                }
            }
            _mean = new double[d];
            _std = new double[d];
            _usable = new bool[d];
            for (int j = 0; j < d; j++)
            {
                double sum = 0;
                foreach (var v in _values[j]) sum += v;
                double m = sum / _n, ss = (_n - _values[j].Length) * m * m;
                foreach (var v in _values[j]) ss += (v - m) * (v - m);
                _mean[j] = m;
                _std[j] = Math.Sqrt(ss / _n);
                _usable[j] = _std[j] > 1e-12 * Math.Max(1, Math.Abs(m));
            }
            _dense = new double[]?[d];
            for (int j = 0; j < d; j++)
            {
                if (2 * _rows[j].Length < _n) continue;
                var col = new double[_n];
                for (int k = 0; k < _rows[j].Length; k++) col[_rows[j][k]] = _values[j][k];
                _dense[j] = col;
                // The dense copy replaces the sparse one, so a column is not held twice.
                _rows[j] = [];
                _values[j] = [];
            }
            _yMean = subset.Average(i => data.Y[i]);
            _rr = subset.Select(i => data.Y[i] - _yMean).ToArray();
            _sumRr = _rr.Sum();
            _w = new double[d];
            if (!gram) return;
            _c = new double[d];
            for (int j = 0; j < d; j++) if (_usable[j]) _c[j] = Gradient(j);
            _gram = new double[d][];
            for (int j = 0; j < d; j++)
            {
                _gram[j] = new double[d];
                if (!_usable[j]) continue;
                for (int k = 0; k <= j; k++)
                {
                    if (!_usable[k]) continue;
                    // (1/n) z_j . z_k = ((1/n) x_j . x_k - m_j m_k) / (s_j s_k)
                    double g = (RawDot(j, k) / _n - _mean[j] * _mean[k]) / (_std[j] * _std[k]);
                    _gram[j][k] = g;
                    _gram[k][j] = g;
                }
            }
            _q = new double[d];
            // The rows are no longer needed: the residual path is not used in Gram mode.
            _rr = [];
            for (int j = 0; j < d; j++) { _dense[j] = null; _rows[j] = []; _values[j] = []; }
        }

        /// <summary>x_j . x_k over the rows, for columns stored densely or sparsely (row lists ascending).</summary>
        private double RawDot(int j, int k)
        {
            if (_dense[j] is { } a && _dense[k] is { } b) return Dot(a, b);
            if (_dense[j] is not null) (j, k) = (k, j);
            var rj = _rows[j];
            var vj = _values[j];
            double s = 0;
            if (_dense[k] is { } dk)
            {
                for (int t = 0; t < rj.Length; t++) s += vj[t] * dk[rj[t]];
                return s;
            }
            var rk = _rows[k];
            var vk = _values[k];
            for (int p = 0, q = 0; p < rj.Length && q < rk.Length;)
            {
                if (rj[p] == rk[q]) s += (double)vj[p++] * vk[q++];
                else if (rj[p] < rk[q]) p++;
                else q++;
            }
            return s;
        }

        private double Gradient(int j)
        {
            if (_gram is not null) return _c![j] - _q![j];
            if (_dense[j] is { } col) return (Dot(col, _rr) - _mean[j] * _sumRr) / (_n * _std[j]);
            double dot = 0;
            var rows = _rows[j];
            var values = _values[j];
            for (int k = 0; k < rows.Length; k++) dot += values[k] * _rr[rows[k]];
            return (dot - _mean[j] * _sumRr) / (_n * _std[j]);
        }

        /// <summary>The smallest penalty at which every weight is 0: max_j |(1/n) z_j . (y - mean y)| / L1Ratio (at w = 0).</summary>
        public double AlphaMax(double l1Ratio)
        {
            double max = 0;
            for (int j = 0; j < _w.Length; j++)
                if (_usable[j]) max = Math.Max(max, Math.Abs(Gradient(j)));
            return max / l1Ratio;
        }

        /// <summary>Coordinate descent at one penalty from the current weights: full passes, each followed by passes over the non-zero weights until they settle.</summary>
        public void Solve(double alpha, ElasticNetOptions o)
        {
            double l1 = alpha * o.L1Ratio, shrink = 1 + alpha * (1 - o.L1Ratio);
            var all = Enumerable.Range(0, _w.Length).Where(j => _usable[j]).ToArray();
            int passes = 0;
            while (passes < o.MaximumPasses)
            {
                passes++;
                if (Pass(all, l1, shrink, o.Tolerance)) break;
                var active = all.Where(j => _w[j] != 0).ToArray();
                while (passes < o.MaximumPasses)
                {
                    passes++;
                    if (Pass(active, l1, shrink, o.Tolerance)) break;
                }
            }
        }

        /// <summary>One pass over <paramref name="columns"/>; true when no weight moved by more than the tolerance's share of the largest.</summary>
        private bool Pass(int[] columns, double l1, double shrink, double tolerance)
        {
            double maxDelta = 0, maxW = 0;
            foreach (var j in columns)
            {
                double old = _w[j];
                double rho = Gradient(j) + old;
                double w = Math.Abs(rho) <= l1 ? 0 : (rho - Math.Sign(rho) * l1) / shrink;
                double delta = w - old;
                maxDelta = Math.Max(maxDelta, Math.Abs(delta));
                if (delta != 0 && _gram is not null)
                {
                    _w[j] = w;
                    var gj = _gram[j];
                    var q = _q!;
                    for (int k = 0; k < q.Length; k++) q[k] += delta * gj[k];
                    continue;
                }
                if (delta != 0)
                {
                    _w[j] = w;
                    double step = delta / _std[j];
                    _sumRr -= step * _mean[j] * _n;
                    if (_dense[j] is { } col) { SubtractScaled(_rr, col, step); continue; }
                    var rows = _rows[j];
                    var values = _values[j];
                    for (int k = 0; k < rows.Length; k++) _rr[rows[k]] -= step * values[k];
                }
            }
            foreach (var j in columns) maxW = Math.Max(maxW, Math.Abs(_w[j]));
            return maxDelta <= tolerance * maxW;
        }

        private static double Dot(double[] a, double[] b)
        {
            var va = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(a.AsSpan());
            var vb = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(b.AsSpan());
            var acc = System.Numerics.Vector<double>.Zero;
            for (int i = 0; i < va.Length; i++) acc += va[i] * vb[i];
            double s = System.Numerics.Vector.Sum(acc);
            for (int i = va.Length * System.Numerics.Vector<double>.Count; i < a.Length; i++) s += a[i] * b[i];
            return s;
        }

        /// <summary>target -= step * x.</summary>
        private static void SubtractScaled(double[] target, double[] x, double step)
        {
            var vt = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(target.AsSpan());
            var vx = System.Runtime.InteropServices.MemoryMarshal.Cast<double, System.Numerics.Vector<double>>(x.AsSpan());
            var vs = new System.Numerics.Vector<double>(step);
            for (int i = 0; i < vt.Length; i++) vt[i] -= vs * vx[i];
            for (int i = vt.Length * System.Numerics.Vector<double>.Count; i < target.Length; i++) target[i] -= step * x[i];
        }

        /// <summary>The weights in the original feature units and the intercept.</summary>
        public (float[] Weights, double Bias) Unstandardised()
        {
            var weights = new float[_w.Length];
            double bias = _yMean;
            for (int j = 0; j < _w.Length; j++)
            {
                if (_w[j] == 0) continue;
                double wj = _w[j] / _std[j];
                weights[j] = (float)wj;
                bias -= wj * _mean[j];
            }
            return (weights, bias);
        }
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        return ScoredColumns.OutputShape(inputSchema, Options.FeatureColumnName, Options.LabelColumnName, t => t == MLTask.Regression, Needs);
    }

    private const string Needs = "the elastic net is a regression and needs a Single label";
}
