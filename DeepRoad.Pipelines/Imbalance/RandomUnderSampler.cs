using DeepRoad.Pipelines.Splits;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>
/// Random under-sampling (imbalanced-learn's <c>RandomUnderSampler</c>): every class keeps at most
/// (minority count) / <see cref="TargetRatio"/> of its rows, drawn without replacement. All columns are kept.
/// </summary>
public sealed record RandomUnderSampler : IResampler
{
    /// <summary>The label column. Default "Label".</summary>
    public string LabelColumn { get; init; } = "Label";

    /// <summary>Minority size relative to each class's size after sampling, in (0, 1]. Default 1 (fully balanced).</summary>
    public double TargetRatio { get; init; } = 1.0;

    /// <summary>The row indices kept (ascending).</summary>
    public int[] SampleIndices(ReadOnlySpan<int> classes, int classCount, int seed)
    {
        ImbalanceHelpers.CheckRatio(TargetRatio, nameof(TargetRatio));
        var members = ImbalanceHelpers.Members(classes.ToArray(), classCount);
        int minority = members.Where(m => m.Count > 0).Min(m => m.Count);
        int cap = (int)Math.Floor(minority / TargetRatio);
        var random = new Random(seed);
        var result = new List<int>(classes.Length);
        foreach (var m in members)
        {
            var rows = m.ToArray();
            if (rows.Length > cap)
            {
                // Partial Fisher-Yates: the first `cap` entries become a uniform sample without replacement.
                for (int i = 0; i < cap; i++)
                {
                    int j = i + random.Next(rows.Length - i);
                    (rows[i], rows[j]) = (rows[j], rows[i]);
                }
                rows = rows[..cap];
            }
            result.AddRange(rows);
        }
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
