using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// Balanced class weights (scikit-learn's <c>compute_class_weight("balanced")</c>: n / (classes * count of the class),
/// over the classes present in the training rows) added as a Single column <see cref="WeightColumn"/>. Set the
/// trainer's <c>exampleWeightColumnName</c> to it. No rows are added or removed.
/// </summary>
public sealed record ClassWeights : IResampler
{
    /// <summary>The label column. Default "Label".</summary>
    public string LabelColumn { get; init; } = "Label";

    /// <summary>The weight column to add. Default "Weight".</summary>
    public string WeightColumn { get; init; } = "Weight";

    /// <summary>Balanced weight of each class index 0..classCount-1 (0 for classes with no rows).</summary>
    public static double[] ComputeBalanced(ReadOnlySpan<int> classes, int classCount)
    {
        var counts = new long[classCount];
        foreach (var c in classes) counts[c]++;
        int present = counts.Count(c => c > 0);
        var weights = new double[classCount];
        for (int c = 0; c < classCount; c++)
            weights[c] = counts[c] == 0 ? 0 : (double)classes.Length / (present * counts[c]);
        return weights;
    }

    /// <summary>The input shape plus the Single column <see cref="WeightColumn"/>.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        // SchemaShape columns cannot be built directly (their constructor is internal); a column-adding estimator's
        // output shape gives one. The mapping only describes the shape and is never run.
        var output = SchemaDefinition.Create(typeof(WeightRow));
        output[nameof(WeightRow.Weight)].ColumnName = WeightColumn;
        return new MLContext(seed: 0).Transforms
            .CustomMapping<NoInput, WeightRow>((_, _) => { }, contractName: null, outputSchemaDefinition: output)
            .GetOutputSchema(inputSchema);
    }

    private sealed class NoInput;

    private sealed class WeightRow
    {
        public float Weight { get; set; }
    }

    /// <inheritdoc />
    public IDataView Resample(MLContext mlContext, IDataView trainingData, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var (classes, classCount) = ImbalanceHelpers.ReadClasses(trainingData, LabelColumn, cancellationToken);
        return new WeightColumnDataView(trainingData, LabelColumn, WeightColumn, ComputeBalanced(classes, classCount));
    }
}
