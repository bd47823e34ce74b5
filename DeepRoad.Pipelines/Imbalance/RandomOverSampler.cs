using DeepRoad.Pipelines.Splits;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// Random over-sampling (imbalanced-learn's <c>RandomOverSampler</c>): every class with fewer than
/// <see cref="TargetRatio"/> x (majority count) rows gets randomly drawn copies of its own rows (with replacement)
/// until it reaches that count. All columns are kept.
/// </summary>
public sealed record RandomOverSampler : IResampler
{
    /// <summary>The label column. Default "Label".</summary>
    public string LabelColumn { get; init; } = "Label";

    /// <summary>Target size of each class relative to the majority, in (0, 1]. Default 1 (fully balanced).</summary>
    public double TargetRatio { get; init; } = 1.0;

    /// <summary>The row indices of the over-sampled data (ascending, originals included once, copies repeated).</summary>
    public int[] SampleIndices(ReadOnlySpan<int> classes, int classCount, int seed)
    {
        ImbalanceHelpers.CheckRatio(TargetRatio, nameof(TargetRatio));
        var members = ImbalanceHelpers.Members(classes.ToArray(), classCount);
        int target = (int)Math.Ceiling(TargetRatio * members.Max(m => m.Count));
        var random = new Random(seed);
        var result = new List<int>(classes.Length);
        for (int i = 0; i < classes.Length; i++) result.Add(i);
        foreach (var m in members)
            for (int extra = m.Count; m.Count > 0 && extra < target; extra++)
                result.Add(m[random.Next(m.Count)]);
        result.Sort();
        return result.ToArray();
    }

    /// <inheritdoc />
    public IDataView Resample(MLContext mlContext, IDataView trainingData, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var (classes, classCount) = ImbalanceHelpers.ReadClasses(trainingData, LabelColumn, cancellationToken);
        return DataViewRows.Select(mlContext, trainingData, SampleIndices(classes, classCount, seed), cancellationToken);
    }
}
