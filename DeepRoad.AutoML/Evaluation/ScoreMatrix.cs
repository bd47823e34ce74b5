namespace DeepRoad.AutoML.Evaluation;

/// <summary>
/// Predictions row-major: class probabilities (Width = classes; binary = [P(false), P(true)]) or the value (Width = 1).
/// Same layout as the shared PredictionMatrix contract.
/// </summary>
internal sealed class ScoreMatrix(int rows, int width)
{
    public int Rows { get; } = rows;
    public int Width { get; } = width;
    public float[] Values { get; } = new float[rows * width];

    public Span<float> Row(int r) => Values.AsSpan(r * Width, Width);

    public ScoreMatrix Take(int[] rows)
    {
        var m = new ScoreMatrix(rows.Length, Width);
        for (int i = 0; i < rows.Length; i++) Row(rows[i]).CopyTo(m.Row(i));
        return m;
    }

    /// <summary>Weighted average of several matrices of the same shape.</summary>
    public static ScoreMatrix Blend(IReadOnlyList<ScoreMatrix> parts, IReadOnlyList<double> weights)
    {
        var m = new ScoreMatrix(parts[0].Rows, parts[0].Width);
        double total = weights.Sum();
        for (int p = 0; p < parts.Count; p++)
        {
            float w = (float)(weights[p] / total);
            var src = parts[p].Values;
            for (int i = 0; i < src.Length; i++) m.Values[i] += w * src[i];
        }
        return m;
    }
}
