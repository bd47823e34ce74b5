using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Tests;

/// <summary>Reads scored columns for assertions.</summary>
internal static class PredictionReader
{
    public static float[] Floats(IDataView scored, string column) => scored.GetColumn<float>(column).ToArray();

    public static float[][] Vectors(IDataView scored, string column) =>
        scored.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToArray();

    public static double MulticlassAccuracy(IDataView scored)
    {
        var labels = scored.GetColumn<uint>("Label").ToArray();
        var predicted = scored.GetColumn<uint>("PredictedLabel").ToArray();
        return labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Length;
    }

    public static double BinaryAccuracy(IDataView scored)
    {
        var labels = scored.GetColumn<bool>("Label").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        return labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Length;
    }
}
