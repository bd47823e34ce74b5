using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>Test seam: fits the inner estimator, then runs an action (set a flag, cancel a token).</summary>
internal sealed class AfterFit(IEstimator<ITransformer> inner, Action after) : IEstimator<ITransformer>
{
    public ITransformer Fit(IDataView input)
    {
        var model = inner.Fit(input);
        after();
        return model;
    }

    public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
}
