using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Imbalance;

/// <summary>Label reading and per-class bookkeeping shared by the resamplers.</summary>
internal static class ImbalanceHelpers
{
    /// <summary>Class index per row and the class count, for a classification label (Boolean or key).</summary>
    public static (int[] Classes, int ClassCount) ReadClasses(IDataView data, string labelColumn, CancellationToken ct)
    {
        var info = PreparedLabel.FromSchema(data.Schema, labelColumn);
        if (info.Task == MLTask.Regression)
            throw new ArgumentException($"Resampling needs a classification label; column '{labelColumn}' is numeric (regression).", nameof(data));
        var labels = LabelReader.Read(data, info.Task, labelColumn, ct);
        return (labels.Select(l => (int)l).ToArray(), info.ClassCount);
    }

    public static List<int>[] Members(int[] classes, int classCount)
    {
        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++) members[c] = new List<int>();
        for (int i = 0; i < classes.Length; i++) members[classes[i]].Add(i);
        return members;
    }

    public static void CheckRatio(double ratio, string option)
    {
        if (double.IsNaN(ratio) || ratio <= 0 || ratio > 1)
            throw new ArgumentException($"{option} must be in (0, 1], not {ratio}.", option);
    }
}
