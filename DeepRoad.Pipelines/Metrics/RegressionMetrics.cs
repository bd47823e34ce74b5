namespace DeepRoad.Pipelines.Metrics;

/// <summary>Regression metrics with scikit-learn's definitions, computed in double precision.</summary>
public static class RegressionMetrics
{
    /// <summary>Mean squared error (<c>mean_squared_error</c>).</summary>
    public static double MeanSquaredError(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted)
    {
        Check(truth, predicted);
        double sum = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double d = (double)truth[i] - predicted[i];
            sum += d * d;
        }
        return sum / truth.Length;
    }

    /// <summary>Root mean squared error.</summary>
    public static double RootMeanSquaredError(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted) =>
        Math.Sqrt(MeanSquaredError(truth, predicted));

    /// <summary>Mean absolute error (<c>mean_absolute_error</c>).</summary>
    public static double MeanAbsoluteError(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted)
    {
        Check(truth, predicted);
        double sum = 0;
        for (int i = 0; i < truth.Length; i++) sum += Math.Abs((double)truth[i] - predicted[i]);
        return sum / truth.Length;
    }

    /// <summary>
    /// Coefficient of determination (<c>r2_score</c>): 1 - SS_res / SS_tot. When the truth is constant,
    /// like scikit-learn: 1 for a perfect prediction, otherwise 0.
    /// </summary>
    public static double R2(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted)
    {
        Check(truth, predicted);
        double mean = 0;
        for (int i = 0; i < truth.Length; i++) mean += truth[i];
        mean /= truth.Length;
        double ssRes = 0, ssTot = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            double r = (double)truth[i] - predicted[i];
            double t = truth[i] - mean;
            ssRes += r * r;
            ssTot += t * t;
        }
        if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
        return 1.0 - ssRes / ssTot;
    }

    private static void Check(ReadOnlySpan<float> truth, ReadOnlySpan<float> predicted)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"truth has {truth.Length} rows but predicted has {predicted.Length}.", nameof(predicted));
        if (truth.Length == 0)
            throw new ArgumentException("Cannot compute a metric on zero rows.", nameof(truth));
    }
}
