using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Reads ML.NET's scored columns into a <see cref="PredictionMatrix"/>: binary -> [1-p, p] from <c>Probability</c>
/// (or the logistic of <c>Score</c> when a trainer has no calibrator); multiclass -> the <c>Score</c> vector (class
/// probabilities in key order); regression -> <c>Score</c>.
/// </summary>
public static class PredictionExtractor
{
    /// <summary>The predictions of every row of <paramref name="scored"/>, in row order.</summary>
    /// <exception cref="DeepRoadDataException">The expected score column is missing or has the wrong shape.</exception>
    public static PredictionMatrix Extract(IDataView scored, MLTask task, int numClasses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return task switch
        {
            MLTask.BinaryClassification => Binary(scored, numClasses, cancellationToken),
            MLTask.MulticlassClassification => Multiclass(scored, numClasses, cancellationToken),
            MLTask.Regression => PredictionMatrix.FromScores(ReadSingle(scored, Column(scored, "Score"), cancellationToken)),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, null),
        };
    }

    private static PredictionMatrix Binary(IDataView scored, int numClasses, CancellationToken ct)
    {
        if (numClasses != 2)
            throw new ArgumentException($"Binary classification has 2 classes, not {numClasses}.", nameof(numClasses));
        if (scored.Schema.GetColumnOrNull("Probability") is { } probability)
            return PredictionMatrix.FromPositiveProbabilities(ReadSingle(scored, probability, ct));
        var scores = ReadSingle(scored, Column(scored, "Score"), ct);
        for (int i = 0; i < scores.Length; i++) scores[i] = 1f / (1f + MathF.Exp(-scores[i]));
        return PredictionMatrix.FromPositiveProbabilities(scores);
    }

    private static PredictionMatrix Multiclass(IDataView scored, int numClasses, CancellationToken ct)
    {
        var column = Column(scored, "Score");
        if (column.Type is not VectorDataViewType { ItemType: NumberDataViewType } vt || vt.ItemType.RawType != typeof(float))
            throw new DeepRoadDataException($"Column 'Score' has type {column.Type}; multiclass scoring needs a vector of Single.") { Column = "Score" };
        if (vt.Size != 0 && vt.Size != numClasses)
            throw new DeepRoadDataException($"Column 'Score' has {vt.Size} slots but the label has {numClasses} classes.") { Column = "Score" };
        var values = new List<float>((int)((scored.GetRowCount() ?? 256) * numClasses));
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var buffer = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            if ((cursor.Position & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            getter(ref buffer);
            if (buffer.Length != numClasses)
                throw new DeepRoadDataException($"Row {cursor.Position}: 'Score' has {buffer.Length} values but the label has {numClasses} classes.") { Column = "Score" };
            foreach (var v in buffer.DenseValues()) values.Add(v);
        }
        return new PredictionMatrix(values.Count / numClasses, numClasses, values.ToArray());
    }

    private static DataViewSchema.Column Column(IDataView scored, string name) =>
        scored.Schema.GetColumnOrNull(name)
        ?? throw new DeepRoadDataException($"Scored data has no '{name}' column; columns are: {string.Join(", ", scored.Schema.Select(c => c.Name))}.") { Column = name };

    private static float[] ReadSingle(IDataView scored, DataViewSchema.Column column, CancellationToken ct)
    {
        if (column.Type.RawType != typeof(float))
            throw new DeepRoadDataException($"Column '{column.Name}' has type {column.Type}; expected Single.") { Column = column.Name };
        var values = new List<float>((int)(scored.GetRowCount() ?? 256));
        using var cursor = scored.GetRowCursor([column]);
        var getter = cursor.GetGetter<float>(column);
        float v = 0;
        while (cursor.MoveNext())
        {
            if ((cursor.Position & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            getter(ref v);
            values.Add(v);
        }
        return values.ToArray();
    }
}
