using System.Globalization;
using System.Text;

namespace DeepRoad.Pipelines.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs, like scikit-learn's <c>confusion_matrix</c> with
/// <c>labels=range(k)</c>: row = truth, column = prediction.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>Builds the matrix from class indices in [0, <paramref name="classCount"/>).</summary>
    public ConfusionMatrix(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classCount)
    {
        if (truth.Length != predicted.Length)
            throw new ArgumentException($"truth has {truth.Length} rows but predicted has {predicted.Length}.", nameof(predicted));
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
        for (int i = 0; i < truth.Length; i++)
        {
            int t = truth[i], p = predicted[i];
            if ((uint)t >= (uint)classCount || (uint)p >= (uint)classCount)
                throw new ArgumentException($"Row {i}: class index (truth {t}, predicted {p}) is outside [0, {classCount}).");
            _counts[t * classCount + p]++;
        }
        Total = truth.Length;
    }

    /// <summary>Number of classes (rows and columns).</summary>
    public int ClassCount { get; }

    /// <summary>Number of rows counted.</summary>
    public long Total { get; }

    /// <summary>Rows whose truth is <paramref name="truth"/> and prediction <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted] => _counts[truth * ClassCount + predicted];

    /// <summary>True positives of <paramref name="c"/>.</summary>
    public long TruePositives(int c) => this[c, c];

    /// <summary>Rows predicted as <paramref name="c"/> whose truth differs.</summary>
    public long FalsePositives(int c) => PredictedCount(c) - this[c, c];

    /// <summary>Rows of class <paramref name="c"/> predicted as something else.</summary>
    public long FalseNegatives(int c) => Support(c) - this[c, c];

    /// <summary>Rows whose truth is <paramref name="c"/>.</summary>
    public long Support(int c)
    {
        long s = 0;
        for (int p = 0; p < ClassCount; p++) s += this[c, p];
        return s;
    }

    /// <summary>Rows predicted as <paramref name="c"/>.</summary>
    public long PredictedCount(int c)
    {
        long s = 0;
        for (int t = 0; t < ClassCount; t++) s += this[t, c];
        return s;
    }

    /// <summary>The counts as a jagged array [truth][predicted].</summary>
    public long[][] ToArray()
    {
        var result = new long[ClassCount][];
        for (int t = 0; t < ClassCount; t++) result[t] = _counts.AsSpan(t * ClassCount, ClassCount).ToArray();
        return result;
    }

    /// <summary>A text table with optional class names (rows: truth, columns: predicted).</summary>
    public string ToString(IReadOnlyList<string>? classNames)
    {
        string Name(int c) => classNames is not null && c < classNames.Count ? classNames[c] : c.ToString(CultureInfo.InvariantCulture);
        int width = Math.Max(6, Enumerable.Range(0, ClassCount).Max(c => Name(c).Length) + 1);
        foreach (var v in _counts) width = Math.Max(width, v.ToString(CultureInfo.InvariantCulture).Length + 1);
        var sb = new StringBuilder();
        sb.Append("truth\\pred".PadRight(width));
        for (int p = 0; p < ClassCount; p++) sb.Append(Name(p).PadLeft(width));
        sb.AppendLine();
        for (int t = 0; t < ClassCount; t++)
        {
            sb.Append(Name(t).PadRight(width));
            for (int p = 0; p < ClassCount; p++) sb.Append(this[t, p].ToString(CultureInfo.InvariantCulture).PadLeft(width));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToString(null);
}
