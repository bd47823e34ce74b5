using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Data;

/// <summary>The <c>Score</c> column of a fitted linear regression (bias + weights . features), shared by ridge and the elastic net.</summary>
internal static class LinearScore
{
    /// <summary>Appends <c>Score</c>; <paramref name="model"/> names the model in the error when the feature width differs from the fit's.</summary>
    public static ColumnAppender Appender(DataViewSchema input, string featureColumn, float[] weights, float bias, string model)
    {
        int d = ScoredColumns.FeatureWidth(input, featureColumn);
        if (d != weights.Length)
            throw new ArgumentException($"Feature column '{featureColumn}' has {d} slots; the {model} was fitted on {weights.Length}.");
        return new ColumnAppender([new AppendedColumn("Score", NumberDataViewType.Single)], row =>
        {
            var get = row.GetGetter<VBuffer<float>>(row.Schema[featureColumn]);
            VBuffer<float> x = default;
            ValueGetter<float> score = (ref float v) =>
            {
                get(ref x);
                v = (float)Predict(x, weights, bias);
            };
            return [score];
        }, dependencies: [featureColumn]);
    }

    /// <summary>bias + weights . x, dense or sparse.</summary>
    public static double Predict(in VBuffer<float> x, float[] weights, double bias)
    {
        double s = bias;
        var values = x.GetValues();
        if (x.IsDense)
            for (int j = 0; j < values.Length; j++) s += weights[j] * values[j];
        else
        {
            var indices = x.GetIndices();
            for (int j = 0; j < values.Length; j++) s += weights[indices[j]] * values[j];
        }
        return s;
    }
}
