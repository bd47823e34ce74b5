namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Group k-fold (scikit-learn's <c>GroupKFold</c>): all rows of a group land in the same test fold. Groups are taken
/// largest first and each goes to the fold with the fewest rows so far, which balances fold sizes. With
/// <see cref="Shuffle"/>, groups of equal size are taken in a seeded random order (otherwise first-seen order).
/// </summary>
public sealed record GroupKFold
{
    /// <summary>Number of folds (at least 2, at most the number of groups). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Break ties between equal-size groups with a seeded shuffle. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Folds for one group key per row.</summary>
    public IReadOnlyList<Fold> Split<TGroup>(IReadOnlyList<TGroup> groups) where TGroup : notnull
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (Folds < 2)
            throw new ArgumentException($"Folds must be at least 2, not {Folds}.", nameof(Folds));
        var codes = SplitHelpers.Encode(groups, out int groupCount);
        if (Folds > groupCount)
            throw new ArgumentException($"Folds = {Folds} is greater than the number of groups ({groupCount}).", nameof(Folds));

        var sizes = new int[groupCount];
        foreach (var g in codes) sizes[g]++;
        var order = SplitHelpers.Range(groupCount);
        if (Shuffle) SplitHelpers.Shuffle(order, new Random(Seed));
        // Stable sort by size, largest first: ties keep the (shuffled or first-seen) order.
        order = order.OrderByDescending(g => sizes[g]).ToArray();

        var foldOfGroup = new int[groupCount];
        var foldSize = new long[Folds];
        foreach (var g in order)
        {
            int lightest = 0;
            for (int f = 1; f < Folds; f++) if (foldSize[f] < foldSize[lightest]) lightest = f;
            foldOfGroup[g] = lightest;
            foldSize[lightest] += sizes[g];
        }

        var testFold = new int[codes.Length];
        for (int i = 0; i < codes.Length; i++) testFold[i] = foldOfGroup[codes[i]];
        return SplitHelpers.FromAssignment(testFold, Folds);
    }
}
