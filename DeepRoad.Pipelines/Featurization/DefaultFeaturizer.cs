using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Images;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Text;

namespace DeepRoad.Pipelines.Featurization;

/// <summary>
/// Builds the default feature pipeline for an inferred schema as one ML.NET estimator chain: imputation and
/// missing indicators (fitted per fold), numeric columns as they are, booleans as 0/1, one-hot encoding for
/// low-cardinality categoricals and hashing (or, with <see cref="FeaturizerOptions.HighCardinalityEncoding"/>, cross-fitted target
/// encoding) for high-cardinality ones (an unseen category gets all zeros, or the prior),
/// word and character n-gram TF-IDF for text (<c>FeaturizeText</c>, each L2-normalised), all concatenated into <c>Features</c>. The normaliser rescales the
/// dense block (numbers, 0/1 slots, encoded categories, pixels) only: the text block is already L2-normalised TF-IDF, and
/// rescaling each n-gram by its maximum or spread would lift rare n-grams to the weight of common ones (like
/// scikit-learn's TF-IDF + logistic regression, which scales nothing after the vectoriser).
/// Label, image-path, identifier and constant columns are left out.
/// </summary>
public static class DefaultFeaturizer
{
    private const string Prefix = "__feat_";

    /// <summary>The estimator chain; fit it on training data only.</summary>
    public static IEstimator<ITransformer> Build(MLContext mlContext, InferredSchema schema, FeaturizerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new FeaturizerOptions();
        options.Validate();

        var features = schema.FeatureColumns;
        var images = options.ImagePixelSide > 0 ? schema.Columns.Where(c => c.Role == ColumnRole.ImagePath).ToArray() : [];
        if (features.Count == 0 && images.Length == 0)
            throw new DeepRoadDataException($"{schema.Source}: no feature columns (numeric, boolean, categorical or text) to featurize.");

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        var textParts = new List<string>();
        var existing = new HashSet<string>(schema.Columns.Select(c => c.Name));

        bool clean = options.Imputation != ImputationKind.None || options.AddMissingIndicators;
        if (clean)
        {
            var cleaning = new CleaningOptions
            {
                Imputation = options.Imputation,
                AddMissingIndicators = options.AddMissingIndicators,
                RemoveDuplicateRows = false,
                Clipping = OutlierClipping.None,
                FoldRareCategories = false,
                DropConstantAndIdentifierColumns = false,
            };
            // Indicators that a previous cleaning already added are not added twice.
            var withoutDone = schema with
            {
                Columns = schema.Columns.Select(c => existing.Contains(c.Name + CleaningPlan.IndicatorSuffix) ? c with { MissingCount = 0 } : c).ToArray(),
            };
            if (options.Imputation is ImputationKind.Mean or ImputationKind.None)
            {
                // Numeric columns through ML.NET's own multi-column transforms: one step for every indicator and one
                // for every mean, however many columns (one step per column costs every row a pass through each;
                // 1500 columns were 3000 steps). Both save with the model; the mean replacement also exports to ONNX
                // (the AutoML export test covers it).
                var numeric = features.Where(c => c.Role == ColumnRole.Numeric).ToList();
                var indicate = options.AddMissingIndicators
                    ? withoutDone.Columns.Where(c => c.Role == ColumnRole.Numeric && c.IsFeature && MissingIndicators.Wanted(withoutDone, c))
                        .Select(c => new InputOutputColumnPair(c.Name + CleaningPlan.IndicatorSuffix, c.Name)).ToArray()
                    : [];
                if (indicate.Length > 0) chain = chain.Append(mlContext.Transforms.IndicateMissingValues(indicate));
                if (options.Imputation == ImputationKind.Mean && numeric.Count > 0)
                    chain = chain.Append(mlContext.Transforms.ReplaceMissingValues(numeric.Select(c => new InputOutputColumnPair(c.Name)).ToArray(),
                        MissingValueReplacingEstimator.ReplacementMode.Mean));
                withoutDone = withoutDone with { Columns = withoutDone.Columns.Where(c => c.Role != ColumnRole.Numeric).ToArray() };
            }
            chain = chain.Append(new CleaningEstimator(mlContext, withoutDone, cleaning));
        }

        var booleans = features.Where(c => c.Role == ColumnRole.Boolean).Select(c => c.Name).ToList();
        if (clean && options.AddMissingIndicators)
        {
            booleans.AddRange(features
                .Where(c => c.Role == ColumnRole.Categorical ? c.MissingCount > 0 : c.Role == ColumnRole.Numeric && MissingIndicators.Wanted(schema, c))
                .Select(c => c.Name + CleaningPlan.IndicatorSuffix)
                .Where(n => !booleans.Contains(n)));
        }

        foreach (var c in features.Where(c => c.Role == ColumnRole.Numeric)) parts.Add(c.Name);

        // One estimator per kind of step over all its columns, not one per column: ML.NET fits a chain by passing the
        // data through every earlier step first, which grows faster than the square of the chain's length on wide tables.
        if (booleans.Count > 0)
            chain = chain.Append(mlContext.Transforms.Conversion.ConvertType(booleans.Select(n => new InputOutputColumnPair(Prefix + n, n)).ToArray(), DataKind.Single));
        parts.AddRange(booleans.Select(n => Prefix + n));

        var categorical = features.Where(c => c.Role == ColumnRole.Categorical).ToList();
        var oneHot = categorical.Where(c => c.DistinctCount <= options.OneHotMaxCardinality).Select(c => new InputOutputColumnPair(Prefix + c.Name, c.Name)).ToArray();
        var hashed = categorical.Where(c => c.DistinctCount > options.OneHotMaxCardinality).Select(c => new InputOutputColumnPair(Prefix + c.Name, c.Name)).ToArray();
        if (oneHot.Length > 0) chain = chain.Append(mlContext.Transforms.Categorical.OneHotEncoding(oneHot, OneHotEncodingEstimator.OutputKind.Indicator));
        var targetEncoded = options.HighCardinalityEncoding == CategoricalEncoding.Target ? hashed : [];
        if (targetEncoded.Length > 0)
        {
            var label = schema.Label ?? throw new ArgumentException(
                $"HighCardinalityEncoding Target needs the label: {schema.Source}'s schema names none.", nameof(options));
            var encoder = new TargetEncodingEstimator(mlContext, label, targetEncoded, new TargetEncodingOptions
            {
                Smoothing = options.TargetEncodingSmoothing, Folds = options.TargetEncodingFolds, Seed = options.TargetEncodingSeed,
            });
            chain = chain.Append(encoder);
            hashed = [];
            parts.AddRange(oneHot.Select(p => p.OutputColumnName));
            parts.AddRange(encoder.Outputs);
        }
        else parts.AddRange(categorical.Select(c => Prefix + c.Name));
        if (hashed.Length > 0) chain = chain.Append(mlContext.Transforms.Categorical.OneHotHashEncoding(hashed, OneHotEncodingEstimator.OutputKind.Indicator, options.HashingBits));

        foreach (var c in features.Where(c => c.Role == ColumnRole.Text))
        {
            // Words and characters are two featurizers, each L2-normalised (scikit-learn's union of two TF-IDF
            // vectorisers): words are read with punctuation removed unless asked, so "edits," and "edits" are one
            // token (ML.NET splits words on spaces only); character n-grams keep punctuation, where "!!!" is a signal.
            string words = Prefix + c.Name;
            chain = chain.Append(mlContext.Transforms.Text.FeaturizeText(words, new TextFeaturizingEstimator.Options
            {
                KeepPunctuations = options.TextWordsKeepPunctuation,
                WordFeatureExtractor = Bag(options.TextWordNgramLength, options.TextMaxNgramsPerLength, options.TextWordWeighting),
                CharFeatureExtractor = null,
                Norm = Norm(options.TextWordWeighting),
            }, c.Name));
            if (options.TextWordWeighting == TextWeighting.SublinearTfIdf) chain = chain.Append(new TfIdfEstimator(mlContext, words, words, sublinear: true));
            textParts.Add(words);
            if (options.TextCharNgramLength == 0) continue;
            string chars = Prefix + c.Name + "_chars";
            chain = chain.Append(mlContext.Transforms.Text.FeaturizeText(chars, new TextFeaturizingEstimator.Options
            {
                WordFeatureExtractor = null,
                CharFeatureExtractor = Bag(options.TextCharNgramLength, options.TextMaxNgramsPerLength, options.TextCharWeighting),
                Norm = Norm(options.TextCharWeighting),
            }, c.Name));
            if (options.TextCharWeighting == TextWeighting.SublinearTfIdf) chain = chain.Append(new TfIdfEstimator(mlContext, chars, chars, sublinear: true));
            textParts.Add(chars);
        }

        foreach (var c in images)
        {
            // Relative paths resolve against the training file's folder; absolute paths are used as they are.
            string image = Prefix + "img_" + c.Name, pixels = Prefix + c.Name;
            // One gray plane, or three color planes, behind ImageGate and without ML.NET's grayscale step (see ImagePixelsEstimator).
            chain = chain.Append(new ImagePixelsEstimator(mlContext, image, pixels, c.Name, schema.BaseDirectory ?? "", options.ImagePixelSide));
            parts.Add(pixels);
        }

        if (options.Normalizer == NormalizerKind.None || parts.Count == 0)
            return chain.Append(mlContext.Transforms.Concatenate(options.FeatureColumnName, [.. parts, .. textParts]));
        // Only the dense block is rescaled; text slots keep their TF-IDF weights.
        string dense = textParts.Count == 0 ? options.FeatureColumnName : Prefix + "dense";
        chain = chain.Append(mlContext.Transforms.Concatenate(dense, parts.ToArray()));
        chain = chain.Append(Normalize(mlContext, options.Normalizer, dense));
        return textParts.Count == 0 ? chain : chain.Append(mlContext.Transforms.Concatenate(options.FeatureColumnName, [dense, .. textParts]));
    }

    private static IEstimator<ITransformer> Normalize(MLContext mlContext, NormalizerKind kind, string column) => kind switch
    {
        NormalizerKind.MinMax => mlContext.Transforms.NormalizeMinMax(column),
        NormalizerKind.MeanVariance => mlContext.Transforms.NormalizeMeanVariance(column),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a normaliser"),
    };

    // Weighted n-grams of lengths 1..length; ML.NET takes one limit per n-gram length, null keeps its default (no practical limit).
    // Sublinear weighting reads the raw counts and weights and normalises them itself (TfIdfEstimator).
    private static WordBagEstimator.Options Bag(int length, int cap, TextWeighting weighting) => new()
    {
        NgramLength = length,
        Weighting = weighting switch
        {
            TextWeighting.BinaryIdf => NgramExtractingEstimator.WeightingCriteria.Idf,
            TextWeighting.SublinearTfIdf => NgramExtractingEstimator.WeightingCriteria.Tf,
            _ => NgramExtractingEstimator.WeightingCriteria.TfIdf,
        },
        MaximumNgramsCount = cap > 0 ? Enumerable.Repeat(cap, length).ToArray() : null,
    };

    private static TextFeaturizingEstimator.NormFunction Norm(TextWeighting weighting) =>
        weighting == TextWeighting.SublinearTfIdf ? TextFeaturizingEstimator.NormFunction.None : TextFeaturizingEstimator.NormFunction.L2;

    /// <summary>Which encoding each feature column gets, for reports: "one-hot (5 values)", "hashed (2^10 slots)", "n-gram TF-IDF" ...</summary>
    public static IReadOnlyList<(string Column, string Encoding)> Describe(InferredSchema schema, FeaturizerOptions? options = null)
    {
        options ??= new FeaturizerOptions();
        var columns = schema.FeatureColumns.Concat(options.ImagePixelSide > 0 ? schema.Columns.Where(c => c.Role == ColumnRole.ImagePath) : []);
        return columns.Select(c => (c.Name, c.Role switch
        {
            ColumnRole.Numeric => options.Normalizer == NormalizerKind.None ? "as is" : $"{options.Normalizer} normalised",
            ColumnRole.Boolean => "0/1",
            ColumnRole.Categorical when c.DistinctCount <= options.OneHotMaxCardinality => $"one-hot ({c.DistinctCount} values)",
            ColumnRole.Categorical when options.HighCardinalityEncoding == CategoricalEncoding.Target =>
                $"target-encoded ({c.DistinctCount} values; smoothing {options.TargetEncodingSmoothing.ToString(System.Globalization.CultureInfo.InvariantCulture)}, {options.TargetEncodingFolds}-fold cross-fitted)",
            ColumnRole.Categorical => $"hashed ({c.DistinctCount} values into 2^{options.HashingBits} slots)",
            ColumnRole.ImagePath => $"pixels {options.ImagePixelSide}x{options.ImagePixelSide}, scaled to 0..1 (one plane for grayscale images, red, green and blue planes for color ones)",
            _ => $"word 1..{options.TextWordNgramLength}-gram {WeightingText(options.TextWordWeighting)} (punctuation {(options.TextWordsKeepPunctuation ? "kept" : "removed")})" + (options.TextCharNgramLength > 0 ? $" + char 1..{options.TextCharNgramLength}-gram {WeightingText(options.TextCharWeighting)}" : "")
                + (options.TextMaxNgramsPerLength > 0 ? $" (at most {options.TextMaxNgramsPerLength} per length)" : "") + ", not rescaled",
        })).ToArray();
    }

    /// <summary>"TF-IDF", "binary IDF" or "sublinear TF-IDF", for reports and pipeline descriptions.</summary>
    public static string WeightingText(TextWeighting weighting) => weighting switch
    {
        TextWeighting.BinaryIdf => "binary IDF",
        TextWeighting.SublinearTfIdf => "sublinear TF-IDF",
        _ => "TF-IDF",
    };
}
