using System.Globalization;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Fits a regression pipeline on the label standardised with the training rows' mean and standard deviation, and
/// maps its Score back (scikit-learn's TransformedTargetRegressor with a StandardScaler). SDCA's step sizes and
/// regularisation assume a label of about unit scale: on prices near 10^9 it stopped far from the least-squares fit
/// (RMSE 16 times plain linear regression's on a linear table). It wraps the trainer, after the featurizer; the fitted
/// model is the trainer's model followed by one ML.NET Expression on Score, so it saves and loads like any pipeline.
/// </summary>
internal sealed class StandardizedLabelEstimator(MLContext ml, IEstimator<ITransformer> inner) : IEstimator<ITransformer>
{
    private const string Label = LabelPreparer.LabelColumnName;

    public ITransformer Fit(IDataView input)
    {
        double sum = 0, sumSq = 0;
        long n = 0;
        foreach (float y in input.GetColumn<float>(Label))
        {
            if (float.IsNaN(y)) continue;
            sum += y;
            sumSq += (double)y * y;
            n++;
        }
        double mean = n == 0 ? 0 : sum / n;
        double sd = n < 2 ? 1 : Math.Sqrt(Math.Max(0, sumSq / n - mean * mean));
        if (!(sd > 1e-12 * Math.Max(1, Math.Abs(mean)))) sd = 1;
        var scaled = ml.Transforms.Expression(Label, $"(x) => (x - {Number(mean)}) / {Number(sd)}", Label).Fit(input).Transform(input);
        var model = inner.Fit(scaled);
        var back = ml.Transforms.Expression("Score", $"(x) => x * {Number(sd)} + {Number(mean)}", "Score").Fit(model.Transform(scaled));
        return new TransformerChain<ITransformer>(model, back);
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);

    private static string Number(double v)
    {
        string s = v.ToString("0.0###############", CultureInfo.InvariantCulture);
        return v < 0 ? "(" + s + ")" : s;
    }
}
