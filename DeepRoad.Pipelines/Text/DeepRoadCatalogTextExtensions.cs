using Microsoft.ML;

namespace DeepRoad.Pipelines.Text;

/// <summary>Adds <c>mlContext.DeepRoad().TokenizeText(...)</c>.</summary>
public static class DeepRoadCatalogTextExtensions
{
    /// <summary>Text to fixed-length token-id vectors with a vocabulary built on the training data.</summary>
    public static TextTokenizerEstimator TokenizeText(this DeepRoadCatalog catalog, TextTokenizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new TextTokenizerEstimator(catalog.Context, options ?? new TextTokenizerOptions());
    }

    /// <summary>Flat overload.</summary>
    public static TextTokenizerEstimator TokenizeText(this DeepRoadCatalog catalog, string inputColumn, string outputColumn = "Tokens", int maxLength = 64) =>
        catalog.TokenizeText(new TextTokenizerOptions { InputColumn = inputColumn, OutputColumn = outputColumn, MaxLength = maxLength });
}
