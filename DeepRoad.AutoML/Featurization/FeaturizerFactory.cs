using DeepRoad.AutoML.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Image;
using Microsoft.ML.Transforms.Text;

namespace DeepRoad.AutoML.Featurization;

/// <summary>Builds the ML.NET chain that turns the inferred columns into one normalised <c>Features</c> vector.</summary>
internal static class FeaturizerFactory
{
    private const string P = "__dr_";

    public static IEstimator<ITransformer> Build(MLContext ml, DatasetSchema schema, FeaturizerOptions o)
    {
        IEstimator<ITransformer>? chain = null;
        void Add(IEstimator<ITransformer> e) => chain = chain is null ? e : chain.Append(e);
        var parts = new List<string>();

        var numeric = schema.Features.Where(c => c.Kind == ColumnKind.Numeric).ToList();
        if (numeric.Count > 0)
        {
            Add(ml.Transforms.Concatenate(P + "num", numeric.Select(c => c.Name).ToArray()));
            if (o.MissingIndicators && numeric.Any(c => c.MissingCount > 0))
            {
                var withMissing = numeric.Where(c => c.MissingCount > 0).Select(c => c.Name).ToArray();
                Add(ml.Transforms.Concatenate(P + "nummiss_src", withMissing));
                Add(ml.Transforms.IndicateMissingValues(P + "nummiss_b", P + "nummiss_src"));
                Add(ml.Transforms.Conversion.ConvertType(P + "nummiss", P + "nummiss_b", DataKind.Single));
                parts.Add(P + "nummiss");
            }
            Add(ml.Transforms.ReplaceMissingValues(P + "num", P + "num", MissingValueReplacingEstimator.ReplacementMode.Mean));
            parts.Add(P + "num");
        }
        foreach (var c in schema.Features.Where(c => c.Kind == ColumnKind.Categorical))
        {
            string outName = P + "cat_" + c.Name;
            Add(c.DistinctCount > o.HashAboveCardinality
                ? ml.Transforms.Categorical.OneHotHashEncoding(outName, c.Name, numberOfBits: 10)
                : ml.Transforms.Categorical.OneHotEncoding(outName, c.Name));
            parts.Add(outName);
        }
        var text = schema.Features.Where(c => c.Kind == ColumnKind.Text).ToList();
        foreach (var c in text)
        {
            string outName = P + "txt_" + c.Name;
            var opts = new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = Math.Clamp(o.WordNgrams, 1, 3), UseAllLengths = true },
                CharFeatureExtractor = o.CharNgrams ? new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false } : null,
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            };
            Add(ml.Transforms.Text.FeaturizeText(outName, opts, c.Name));
            parts.Add(outName);
        }
        foreach (var c in schema.Features.Where(c => c.Kind == ColumnKind.ImagePath))
        {
            string img = P + "img_" + c.Name;
            Add(ml.Transforms.LoadImages(img, "", c.Name));
            Add(ml.Transforms.ResizeImages(img, o.ImageSize, o.ImageSize, img));
            Add(ml.Transforms.ConvertToGrayscale(img, img));
            Add(ml.Transforms.ExtractPixels(P + "px_" + c.Name, img, ImagePixelExtractingEstimator.ColorBits.Red, scaleImage: 1f / 255f));
            parts.Add(P + "px_" + c.Name);
        }
        Add(ml.Transforms.Concatenate("Features", parts.ToArray()));
        Add(ml.Transforms.NormalizeMinMax("Features"));
        return chain!;
    }
}
