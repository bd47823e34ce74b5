using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Evaluation;

/// <summary>Reads ML.NET scored columns (Probability / Score) into a <see cref="ScoreMatrix"/>.</summary>
internal static class ScoreReader
{
    public static ScoreMatrix Read(IDataView scored, MLTask task, int classes)
    {
        switch (task)
        {
            case MLTask.BinaryClassification:
            {
                var col = scored.Schema.GetColumnOrNull("Probability") ?? throw new InvalidOperationException("scored data has no Probability column.");
                var p = scored.GetColumn<float>(col).ToArray();
                var m = new ScoreMatrix(p.Length, 2);
                for (int r = 0; r < p.Length; r++)
                {
                    float q = float.IsNaN(p[r]) ? 0.5f : Math.Clamp(p[r], 0f, 1f);
                    m.Values[2 * r] = 1 - q;
                    m.Values[2 * r + 1] = q;
                }
                return m;
            }
            case MLTask.MulticlassClassification:
            {
                var s = scored.GetColumn<VBuffer<float>>("Score").ToArray();
                var m = new ScoreMatrix(s.Length, classes);
                for (int r = 0; r < s.Length; r++)
                {
                    var row = m.Row(r);
                    s[r].CopyTo(row);
                    float total = 0;
                    for (int k = 0; k < classes; k++) { if (float.IsNaN(row[k]) || row[k] < 0) row[k] = 0; total += row[k]; }
                    for (int k = 0; k < classes; k++) row[k] = total > 0 ? row[k] / total : 1f / classes;
                }
                return m;
            }
            default:
            {
                var s = scored.GetColumn<float>("Score").ToArray();
                var m = new ScoreMatrix(s.Length, 1);
                s.CopyTo(m.Values, 0);
                return m;
            }
        }
    }
}
