using DeepRoad.Ensembles.Persistence;
using DeepRoad.Ensembles.Stacking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// The ridge meta-learner's penalty chosen by exact leave-one-out error, against scikit-learn 1.2.1's
/// <c>make_pipeline(StandardScaler(), RidgeCV(alphas=10**np.arange(-3, 4.5, 0.5), store_cv_values=True))</c>.
/// </summary>
public sealed class RidgeCrossValidationTests
{
    // A small collinear matrix (the first two columns nearly equal, like stacked member predictions).
    private static readonly float[][] X =
    [
        [-0.42f, -0.41f, -0.34f], [-0.06f, -0.17f, -0.24f], [-2.14f, -2.08f, -0.64f], [1.64f, 1.58f, -1.19f],
        [-1.79f, -1.8f, -1.42f], [-0.84f, -0.72f, -0.15f], [0.5f, 0.43f, -0.27f], [-1.25f, -1.24f, 2.23f],
        [-1.06f, -1.15f, -2.43f], [-0.91f, -0.92f, 0.11f], [0.55f, 0.58f, 0.37f], [2.29f, 2.19f, 1.36f],
    ];

    private static readonly float[] Y = [-0.5f, -1.07f, -4.59f, 3.23f, -4.61f, -0.99f, -1.0f, 0.36f, -1.87f, -2.1f, 1.9f, 5.31f];

    // cv_values_.mean(axis=0) for each alpha of the default grid.
    private static readonly double[] SmallLoo =
    [
        2.4587724884533717, 2.3540340263341815, 2.1823602633068635, 2.021175865541959, 1.9241754095268133,
        1.8558968403027165, 1.7685257675709003, 1.7487087742836065, 2.418353811500596, 4.520098572380174,
        6.956112256996069, 8.373507338255445, 8.94040401851659, 9.13465599167799, 9.197706347932568,
    ];

    private sealed class Row
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    [Fact]
    public void DefaultAlphas_AreHalfDecadesFromMilliToTenThousand()
    {
        Assert.Equal(15, RidgeRegressionEstimator.DefaultAlphas.Count);
        Assert.Equal(1e-3, RidgeRegressionEstimator.DefaultAlphas[0], 12);
        Assert.Equal(1e4, RidgeRegressionEstimator.DefaultAlphas[^1], 6);
    }

    [Fact]
    public void LeaveOneOut_SmallCollinearMatrix_MatchesScikitLearnRidgeCV()
    {
        var ctx = new MLContext(0);
        var view = ctx.Data.LoadFromEnumerable(X.Select((x, i) => new Row { Features = x, Label = Y[i] }));
        var model = new RidgeRegressionEstimator("Label", "Features", RidgeRegressionEstimator.DefaultAlphas).Fit(view);
        Assert.Equal(Math.Sqrt(10), model.L2, 9); // scikit-learn's alpha_ = 3.1622776601683795 (neither end of the grid)
        // Weights in original units and the intercept, as scikit-learn's coef_ / scale_ and the adjusted intercept.
        Assert.Equal(0.81300557, model.Weights[0], 4);
        Assert.Equal(0.85928376, model.Weights[1], 4);
        Assert.Equal(0.52223553, model.Weights[2], 4);
        Assert.Equal(0.12153058, model.Bias, 4);

        var (mean, std, yMean) = Moments(X, Y);
        RidgeRegressionEstimator.ChooseAlpha(X, Y.Select(v => (double)v).ToArray(), mean, std, yMean, RidgeRegressionEstimator.DefaultAlphas, out var loo);
        for (int a = 0; a < SmallLoo.Length; a++) Assert.Equal(SmallLoo[a], loo[a], 1e-4 * SmallLoo[a]);
    }

    [Fact]
    public void LeaveOneOut_Diabetes_MatchesScikitLearnRidgeCV()
    {
        // Same pipeline on data/diabetes train (10 raw features); alpha_ = 1.0, test RMSE 53.77745604, and the
        // leave-one-out MSE of the neighbouring alphas differ by < 0.1 %, so a wrong leverage or intercept term would pick another.
        double[] expected =
        [
            3048.3464580536033, 3048.335927400244, 3048.3029017529975, 3048.2011722061156, 3047.905171023251,
            3047.188159685718, 3046.2940030035184, 3047.3581053434805, 3049.803305133044, 3050.918822633293,
            3090.057253766246, 3333.1005756722634, 3982.936593510654, 4893.304127437493, 5594.276507965657,
        ];
        var set = Fitted.Data("diabetes");
        var rows = TestData.FeatureRows(set.Train, int.MaxValue);
        var labels = TestData.Labels(set.Train);
        var (mean, std, yMean) = Moments(rows, labels);
        double alpha = RidgeRegressionEstimator.ChooseAlpha(rows, labels.Select(v => (double)v).ToArray(), mean, std, yMean, RidgeRegressionEstimator.DefaultAlphas, out var loo);
        Assert.Equal(1.0, alpha, 12);
        for (int a = 0; a < expected.Length; a++) Assert.Equal(expected[a], loo[a], 1e-6 * expected[a]);

        var model = new RidgeRegressionEstimator("Label", "Features", RidgeRegressionEstimator.DefaultAlphas).Fit(set.Train);
        var predictions = model.Transform(set.Test).GetColumn<float>("Score").ToArray();
        var truth = TestData.Labels(set.Test);
        Assert.Equal(53.7774560, Math.Sqrt(predictions.Zip(truth).Average(p => (p.First - p.Second) * (double)(p.First - p.Second))), 3);
        Assert.Equal(139.86276532, predictions[0], 2);
    }

    [Fact]
    public void ChosenPenalty_SurvivesSaveAndLoad()
    {
        var set = Fitted.Data("diabetes");
        var model = new RidgeRegressionEstimator("Label", "Features", [0.5, 50]).Fit(set.Train);
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = RidgeRegressionTransformer.Load(new MLContext(1), buffer);
        Assert.Equal(model.L2, loaded.L2);
        Assert.Contains(model.L2, new[] { 0.5, 50 });
        Assert.Equal(model.Weights, loaded.Weights);
    }

    [Fact]
    public void Alphas_Invalid_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new RidgeRegressionEstimator("Label", "Features", Array.Empty<double>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RidgeRegressionEstimator("Label", "Features", [1.0, -1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RidgeRegressionEstimator("Label", "Features", [double.PositiveInfinity]));
    }

    private static (double[] Mean, double[] Std, double YMean) Moments(IReadOnlyList<float[]> rows, float[] y)
    {
        int n = rows.Count, d = rows[0].Length;
        var mean = new double[d];
        var std = new double[d];
        foreach (var r in rows) for (int j = 0; j < d; j++) mean[j] += r[j];
        for (int j = 0; j < d; j++) mean[j] /= n;
        foreach (var r in rows) for (int j = 0; j < d; j++) std[j] += (r[j] - mean[j]) * (r[j] - mean[j]);
        for (int j = 0; j < d; j++) std[j] = Math.Sqrt(std[j] / n);
        return (mean, std, y.Average(v => (double)v));
    }
}
