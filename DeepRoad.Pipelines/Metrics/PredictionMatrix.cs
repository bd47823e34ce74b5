namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Predictions of one model over a set of rows, row-major (<see cref="Rows"/> x <see cref="Width"/>).
/// Classification: class probabilities (binary: [P(false), P(true)]); regression: Width = 1.
/// </summary>
public sealed class PredictionMatrix
{
    public PredictionMatrix(int rows, int width, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (rows < 0 || width < 1 || values.Length != (long)rows * width)
            throw new ArgumentException($"PredictionMatrix: {values.Length} values do not fill {rows} x {width}.", nameof(values));
        Rows = rows;
        Width = width;
        Values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Values per row: number of classes, or 1 for regression.</summary>
    public int Width { get; }

    /// <summary>Row-major values.</summary>
    public float[] Values { get; }

    /// <summary>The values of one row.</summary>
    public ReadOnlySpan<float> Row(int row) => Values.AsSpan(row * Width, Width);
}
