namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Expanding-window time-series split (scikit-learn's <c>TimeSeriesSplit</c>): fold i tests on the i-th of
/// <see cref="Splits"/> consecutive blocks at the end of the series and trains on everything before it (minus
/// <see cref="Gap"/> rows, and at most <see cref="MaxTrainSize"/> rows). Rows before the first test block are never
/// tested. Deterministic: there is nothing to shuffle.
/// </summary>
public sealed record TimeSeriesSplit
{
    /// <summary>Number of splits (at least 2). Default 5.</summary>
    public int Splits { get; init; } = 5;

    /// <summary>Rows per test block; default rows / (Splits + 1).</summary>
    public int? TestSize { get; init; }

    /// <summary>Keep only the most recent rows of each training window, when set.</summary>
    public int? MaxTrainSize { get; init; }

    /// <summary>Rows left out between the end of training and the start of the test block. Default 0.</summary>
    public int Gap { get; init; }

    /// <summary>Folds over rows already in time order.</summary>
    public IReadOnlyList<Fold> Split(int rowCount)
    {
        if (Splits < 2)
            throw new ArgumentException($"Splits must be at least 2, not {Splits}.", nameof(Splits));
        if (Gap < 0)
            throw new ArgumentException($"Gap must not be negative, not {Gap}.", nameof(Gap));
        if (MaxTrainSize is < 1)
            throw new ArgumentException($"MaxTrainSize must be at least 1, not {MaxTrainSize}.", nameof(MaxTrainSize));
        if (Splits + 1 > rowCount)
            throw new ArgumentException($"Splits = {Splits} needs at least {Splits + 1} rows; there are {rowCount}.", nameof(Splits));
        int testSize = TestSize ?? rowCount / (Splits + 1);
        if (testSize < 1)
            throw new ArgumentException($"TestSize must be at least 1, not {testSize}.", nameof(TestSize));
        if (rowCount - Gap - testSize * Splits <= 0)
            throw new ArgumentException(
                $"Splits = {Splits} with TestSize = {testSize} and Gap = {Gap} leaves no training rows out of {rowCount}.", nameof(Splits));

        var folds = new Fold[Splits];
        int firstTest = rowCount - Splits * testSize;
        for (int f = 0; f < Splits; f++)
        {
            int testStart = firstTest + f * testSize;
            int trainEnd = testStart - Gap;
            int trainStart = MaxTrainSize is int max && max < trainEnd ? trainEnd - max : 0;
            folds[f] = new Fold(
                Enumerable.Range(trainStart, trainEnd - trainStart).ToArray(),
                Enumerable.Range(testStart, testSize).ToArray());
        }
        return folds;
    }

    /// <summary>
    /// Folds over rows in any order, ordered by <paramref name="time"/> (stable for equal times); indices refer to the
    /// original rows.
    /// </summary>
    public IReadOnlyList<Fold> Split<TTime>(IReadOnlyList<TTime> time) where TTime : IComparable<TTime>
    {
        ArgumentNullException.ThrowIfNull(time);
        var order = SplitHelpers.Range(time.Count).OrderBy(i => time[i]).ToArray();
        return Split(time.Count)
            .Select(f => new Fold(
                f.TrainIndices.Select(i => order[i]).Order().ToArray(),
                f.TestIndices.Select(i => order[i]).Order().ToArray()))
            .ToArray();
    }
}
