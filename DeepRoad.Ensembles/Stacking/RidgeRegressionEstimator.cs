using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Stacking;

/// <summary>
/// Ridge regression solved exactly (normal equations on standardised features, Cholesky), the default stacking
/// meta-learner for regression, as scikit-learn's StackingRegressor uses RidgeCV. Stacked inputs are a few highly
/// correlated member predictions: an iterative solver (SDCA) needs hundreds of passes on such ill-conditioned data
/// and may stop short, while the closed form is exact and costs one pass. The intercept is not penalised.
/// Given several penalties (<see cref="Alphas"/>), it picks the one with the smallest exact leave-one-out squared error,
/// computed for every penalty from one eigen-decomposition of the standardised features' Gram matrix, as scikit-learn's
/// <c>make_pipeline(StandardScaler(), RidgeCV(alphas))</c> does, then refits with it.
/// </summary>
public sealed class RidgeRegressionEstimator : IEstimator<RidgeRegressionTransformer>
{
    /// <summary>
    /// The default grid of the stacking meta-learner: 10^-3 to 10^4 in half decades (15 values). The features are
    /// standardised, so each squared-weight penalty is on the scale of the row count (a feature's Gram diagonal is n).
    /// </summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = Enumerable.Range(0, 15).Select(i => Math.Pow(10, -3 + 0.5 * i)).ToArray();

    /// <summary>Creates the estimator with a fixed penalty.</summary>
    /// <param name="labelColumnName">Label column (Single).</param>
    /// <param name="featureColumnName">Feature vector column (known-size vector of Single).</param>
    /// <param name="l2">Penalty on the squared weights of the standardised features (scikit-learn's alpha).</param>
    public RidgeRegressionEstimator(string labelColumnName = "Label", string featureColumnName = "Features", double l2 = 1.0)
        : this(labelColumnName, featureColumnName, [l2])
    {
    }

    /// <summary>Creates the estimator that picks its penalty by exact leave-one-out error (scikit-learn's RidgeCV).</summary>
    /// <param name="labelColumnName">Label column (Single).</param>
    /// <param name="featureColumnName">Feature vector column (known-size vector of Single).</param>
    /// <param name="alphas">Candidate penalties (each >= 0); ties go to the first listed. One value = a fixed penalty.</param>
    public RidgeRegressionEstimator(string labelColumnName, string featureColumnName, IReadOnlyList<double> alphas)
    {
        ArgumentNullException.ThrowIfNull(alphas);
        if (alphas.Count == 0) throw new ArgumentException("At least one L2 penalty is required.", nameof(alphas));
        foreach (var a in alphas)
            if (!(a >= 0) || double.IsInfinity(a)) throw new ArgumentOutOfRangeException(nameof(alphas), a, "Every L2 penalty must be finite and >= 0.");
        LabelColumnName = labelColumnName;
        FeatureColumnName = featureColumnName;
        Alphas = alphas.ToArray();
        L2 = Alphas[0];
    }

    /// <summary>Label column.</summary>
    public string LabelColumnName { get; }

    /// <summary>Feature vector column.</summary>
    public string FeatureColumnName { get; }

    /// <summary>L2 penalty (the first candidate when there are several).</summary>
    public double L2 { get; }

    /// <summary>Candidate L2 penalties; with more than one, the fit picks by leave-one-out error.</summary>
    public IReadOnlyList<double> Alphas { get; }

    /// <inheritdoc />
    public RidgeRegressionTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int d = ScoredColumns.FeatureWidth(input.Schema, FeatureColumnName);
        var label = input.Schema.GetColumnOrNull(LabelColumnName)
            ?? throw new ArgumentException($"Label column '{LabelColumnName}' not found.");
        if (label.Type != NumberDataViewType.Single) throw new ArgumentException($"Label column '{LabelColumnName}' must be Single, not {label.Type}.");

        var rows = new List<float[]>();
        var ys = new List<double>();
        using (var cursor = input.GetRowCursor([input.Schema[FeatureColumnName], label]))
        {
            var getX = cursor.GetGetter<VBuffer<float>>(input.Schema[FeatureColumnName]);
            var getY = cursor.GetGetter<float>(label);
            VBuffer<float> x = default;
            float y = 0;
            while (cursor.MoveNext())
            {
                getY(ref y);
                if (float.IsNaN(y)) continue;
                getX(ref x);
                var dense = new float[d];
                x.CopyTo(dense);
                rows.Add(dense);
                ys.Add(y);
            }
        }
        int n = rows.Count;
        if (n == 0) throw new ArgumentException("Ridge regression: no training rows with a label.");

        var mean = new double[d];
        var std = new double[d];
        foreach (var r in rows) for (int j = 0; j < d; j++) mean[j] += r[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        foreach (var r in rows) for (int j = 0; j < d; j++) std[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
        for (int j = 0; j < d; j++) std[j] = Math.Sqrt(std[j] / n);
        double yMean = ys.Average();

        double alpha = Alphas.Count == 1 ? Alphas[0] : ChooseAlpha(rows, ys, mean, std, yMean, Alphas, out _);
        // A = Z'Z + l2 I, b = Z'(y - mean y), Z the standardised features (constant columns left out).
        var a = new double[d, d];
        var b = new double[d];
        var z = new double[d];
        for (int i = 0; i < n; i++)
        {
            var r = rows[i];
            for (int j = 0; j < d; j++) z[j] = std[j] > 1e-12 ? (r[j] - mean[j]) / std[j] : 0;
            double yc = ys[i] - yMean;
            for (int j = 0; j < d; j++)
            {
                if (z[j] == 0) continue;
                b[j] += z[j] * yc;
                for (int k = 0; k <= j; k++) a[j, k] += z[j] * z[k];
            }
        }
        // A small floor keeps the solve defined for l2 = 0 with collinear columns.
        double ridge = Math.Max(alpha, 1e-8 * n);
        for (int j = 0; j < d; j++) a[j, j] += std[j] > 1e-12 ? ridge : 1;
        var w = CholeskySolve(a, b, d);

        var weights = new float[d];
        double bias = yMean;
        for (int j = 0; j < d; j++)
        {
            if (!(std[j] > 1e-12)) continue;
            double wj = w[j] / std[j];
            weights[j] = (float)wj;
            bias -= wj * mean[j];
        }
        return new RidgeRegressionTransformer(FeatureColumnName, weights, (float)bias, alpha);
    }

    /// <summary>
    /// The penalty with the smallest mean squared leave-one-out residual. With Z = standardised features (centred),
    /// Z'Z = V diag(lambda) V' and Q = Z V, the hat matrix of ridge with an unpenalised intercept is
    /// H = 11'/n + Q diag(1 / (lambda + alpha)) Q', so for every alpha the fitted values and the leverages h_ii come from
    /// Q and c = Q'(y - mean y), and the leave-one-out residual is (y_i - yhat_i) / (1 - h_ii).
    /// </summary>
    internal static double ChooseAlpha(IReadOnlyList<float[]> rows, IReadOnlyList<double> ys, double[] mean, double[] std, double yMean,
        IReadOnlyList<double> alphas, out double[] looMse)
    {
        int n = rows.Count, d = mean.Length;
        // Streamed over the rows (no n x d matrix): Gram matrix and Z'(y - mean y), then per row q_i = V' z_i.
        var gram = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(d, d);
        var zty = new double[d];
        var z = new double[d];
        void Standardise(int i)
        {
            var r = rows[i];
            for (int j = 0; j < d; j++) z[j] = std[j] > 1e-12 ? (r[j] - mean[j]) / std[j] : 0;
        }
        for (int i = 0; i < n; i++)
        {
            Standardise(i);
            double yc = ys[i] - yMean;
            for (int j = 0; j < d; j++)
            {
                if (z[j] == 0) continue;
                zty[j] += z[j] * yc;
                for (int k = 0; k <= j; k++) gram[j, k] += z[j] * z[k];
            }
        }
        for (int j = 0; j < d; j++)
            for (int k = 0; k < j; k++) gram[k, j] = gram[j, k];
        var evd = gram.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        var v = evd.EigenVectors.ToArray();
        var lambda = evd.EigenValues.Select(e => Math.Max(0, e.Real)).ToArray();
        var c = new double[d]; // c = V' Z'(y - mean y) = Q'(y - mean y)
        for (int k = 0; k < d; k++)
            for (int j = 0; j < d; j++) c[k] += v[j, k] * zty[j];
        var shrink = new double[alphas.Count, d];
        for (int a = 0; a < alphas.Count; a++)
        {
            double alpha = Math.Max(alphas[a], 1e-8 * n);
            for (int k = 0; k < d; k++) shrink[a, k] = lambda[k] > 1e-12 * n ? 1.0 / (lambda[k] + alpha) : 0;
        }
        var sums = new double[alphas.Count];
        var q = new double[d];
        for (int i = 0; i < n; i++)
        {
            Standardise(i);
            Array.Clear(q);
            for (int j = 0; j < d; j++)
            {
                if (z[j] == 0) continue;
                for (int k = 0; k < d; k++) q[k] += z[j] * v[j, k];
            }
            for (int a = 0; a < alphas.Count; a++)
            {
                double fit = yMean, h = 1.0 / n;
                for (int k = 0; k < d; k++)
                {
                    fit += q[k] * c[k] * shrink[a, k];
                    h += q[k] * q[k] * shrink[a, k];
                }
                double e = (ys[i] - fit) / Math.Max(1 - h, 1e-12);
                sums[a] += e * e;
            }
        }
        looMse = new double[alphas.Count];
        int best = 0;
        for (int a = 0; a < alphas.Count; a++)
        {
            looMse[a] = sums[a] / n;
            if (looMse[a] < looMse[best]) best = a;
        }
        return alphas[best];
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!SchemaShapes.TryFind(inputSchema, FeatureColumnName, out var f) || f.Kind != SchemaShape.Column.VectorKind.Vector || f.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Ridge regression needs a known-size vector of Single in '{FeatureColumnName}'.");
        if (!SchemaShapes.TryFind(inputSchema, LabelColumnName, out var l) || l.ItemType != NumberDataViewType.Single)
            throw new ArgumentException($"Ridge regression needs a Single label in '{LabelColumnName}'.");
        var b = SchemaShapes.ToBuilder(inputSchema, name => name != "Score");
        b.AddColumn("Score", NumberDataViewType.Single);
        return SchemaShapes.Create(b.ToSchema());
    }

    private static double[] CholeskySolve(double[,] a, double[] b, int d)
    {
        // a holds the lower triangle of a symmetric positive definite matrix; overwrite it with L (A = L L').
        for (int j = 0; j < d; j++)
        {
            double s = a[j, j];
            for (int k = 0; k < j; k++) s -= a[j, k] * a[j, k];
            if (!(s > 0)) throw new InvalidOperationException("Ridge regression: the normal equations are not positive definite.");
            double l = Math.Sqrt(s);
            a[j, j] = l;
            for (int i = j + 1; i < d; i++)
            {
                double t = a[i, j];
                for (int k = 0; k < j; k++) t -= a[i, k] * a[j, k];
                a[i, j] = t / l;
            }
        }
        var y = new double[d];
        for (int i = 0; i < d; i++)
        {
            double t = b[i];
            for (int k = 0; k < i; k++) t -= a[i, k] * y[k];
            y[i] = t / a[i, i];
        }
        var x = new double[d];
        for (int i = d - 1; i >= 0; i--)
        {
            double t = y[i];
            for (int k = i + 1; k < d; k++) t -= a[k, i] * x[k];
            x[i] = t / a[i, i];
        }
        return x;
    }
}
