namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Predictions for a set of rows in one row-major block: <see cref="Rows"/> x <see cref="Width"/>.
/// Classification: <see cref="Width"/> is the number of classes and each row holds class probabilities
/// in key order (binary: [P(false), P(true)]). Regression: <see cref="Width"/> is 1 and holds the score.
/// </summary>
public sealed class PredictionMatrix
{
    /// <summary>Wraps <paramref name="values"/> (not copied) as a <paramref name="rows"/> x <paramref name="width"/> matrix.</summary>
    public PredictionMatrix(int rows, int width, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if ((long)rows * width != values.Length)
            throw new ArgumentException($"values has {values.Length} elements but rows*width = {rows}*{width} = {(long)rows * width}.", nameof(values));
        Rows = rows;
        Width = width;
        Values = values;
    }

    /// <summary>Number of rows (predicted examples).</summary>
    public int Rows { get; }

    /// <summary>Number of columns: classes for classification, 1 for regression.</summary>
    public int Width { get; }

    /// <summary>Row-major values, length <see cref="Rows"/> * <see cref="Width"/>.</summary>
    public float[] Values { get; }

    /// <summary>The value at (<paramref name="row"/>, <paramref name="column"/>).</summary>
    public float this[int row, int column]
    {
        get => Values[row * Width + column];
        set => Values[row * Width + column] = value;
    }

    /// <summary>One row as a span.</summary>
    public Span<float> Row(int row) => Values.AsSpan(row * Width, Width);

    /// <summary>A new matrix of the given shape filled with <paramref name="fill"/>.</summary>
    public static PredictionMatrix Create(int rows, int width, float fill = 0f)
    {
        var values = new float[(long)rows * width];
        if (fill != 0f) Array.Fill(values, fill);
        return new PredictionMatrix(rows, width, values);
    }

    /// <summary>A regression prediction matrix (width 1) over a copy of <paramref name="scores"/>.</summary>
    public static PredictionMatrix FromScores(ReadOnlySpan<float> scores) => new(scores.Length, 1, scores.ToArray());

    /// <summary>A binary prediction matrix [1-p, p] from positive-class probabilities.</summary>
    public static PredictionMatrix FromPositiveProbabilities(ReadOnlySpan<float> probabilities)
    {
        var m = Create(probabilities.Length, 2);
        for (int i = 0; i < probabilities.Length; i++)
        {
            m[i, 0] = 1f - probabilities[i];
            m[i, 1] = probabilities[i];
        }
        return m;
    }

    /// <summary>A new matrix holding the given rows, in the given order.</summary>
    public PredictionMatrix SelectRows(IReadOnlyList<int> rowIndices)
    {
        ArgumentNullException.ThrowIfNull(rowIndices);
        var result = Create(rowIndices.Count, Width);
        for (int i = 0; i < rowIndices.Count; i++)
            Row(rowIndices[i]).CopyTo(result.Row(i));
        return result;
    }

    /// <summary>
    /// The predicted class of each row: the index of the largest value (first one on ties, like numpy's argmax).
    /// For regression (width 1) this is meaningless; use the values directly.
    /// </summary>
    public int[] ArgMax()
    {
        var labels = new int[Rows];
        for (int r = 0; r < Rows; r++)
        {
            var row = Row(r);
            int best = 0;
            for (int c = 1; c < row.Length; c++)
                if (row[c] > row[best]) best = c;
            labels[r] = best;
        }
        return labels;
    }

    /// <summary>
    /// The predicted class of each row of a binary matrix ([P(false), P(true)]) at a decision threshold: class 1 where
    /// P(true) is above <paramref name="threshold"/>, else 0. At 0.5 this is <see cref="ArgMax"/> (a tie goes to class 0).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not two columns wide.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in [0, 1].</exception>
    public int[] PredictedClasses(double threshold)
    {
        if (Width != 2) throw new ArgumentException($"a decision threshold applies to binary predictions (width 2), not width {Width}.");
        if (!(threshold >= 0 && threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the decision threshold must be in [0, 1].");
        var labels = new int[Rows];
        for (int r = 0; r < Rows; r++) labels[r] = Values[r * 2 + 1] > threshold ? 1 : 0;
        return labels;
    }

    /// <summary>One column as a new array (for example the positive-class probability, column 1).</summary>
    public float[] Column(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Width);
        var result = new float[Rows];
        for (int r = 0; r < Rows; r++) result[r] = Values[r * Width + column];
        return result;
    }
}
