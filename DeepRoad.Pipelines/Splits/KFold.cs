namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// K-fold cross-validation (scikit-learn's <c>KFold</c>): rows, shuffled when <see cref="Shuffle"/> is set, are cut
/// into <see cref="Folds"/> contiguous test blocks whose sizes differ by at most one.
/// </summary>
public sealed record KFold
{
    /// <summary>Number of folds (at least 2, at most the number of rows). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Shuffle rows before cutting (seeded by <see cref="Seed"/>). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>The folds of <paramref name="rowCount"/> rows; every row is in exactly one test fold.</summary>
    public IReadOnlyList<Fold> Split(int rowCount)
    {
        SplitHelpers.CheckFolds(Folds, rowCount);
        var order = SplitHelpers.Range(rowCount);
        if (Shuffle) SplitHelpers.Shuffle(order, new Random(Seed));
        var testFold = new int[rowCount];
        int start = 0;
        for (int f = 0; f < Folds; f++)
        {
            int size = rowCount / Folds + (f < rowCount % Folds ? 1 : 0);
            for (int i = start; i < start + size; i++) testFold[order[i]] = f;
            start += size;
        }
        return SplitHelpers.FromAssignment(testFold, Folds);
    }
}
