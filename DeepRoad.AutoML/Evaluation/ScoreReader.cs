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
                // GetColumn reuses the VBuffer between rows: copy each row out while enumerating.
                var rows = new List<float[]>();
                foreach (var v in scored.GetColumn<VBuffer<float>>("Score"))
                {
                    var a = new float[classes];
                    int j = 0;
                    foreach (var x in v.DenseValues()) { if (j < classes) a[j] = x; j++; }
                    rows.Add(a);
                }
                var m = new ScoreMatrix(rows.Count, classes);
                for (int r = 0; r < rows.Count; r++)
                {
                    var row = m.Row(r);
                    rows[r].CopyTo(row);
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
