namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Stratified group k-fold (scikit-learn's <c>StratifiedGroupKFold</c>): all rows of a group land in the same test fold,
/// and the folds' class proportions are kept as close to the whole's as whole groups allow. Groups are taken in order of
/// how uneven their own classes are (the standard deviation of their class counts, largest first; ties in a seeded
/// random order with <see cref="Shuffle"/>, first-seen order without), and each goes to the fold where it leaves the
/// spread of every class's share over the folds smallest, near-ties (numpy's <c>isclose</c>) to the fold with fewer rows.
/// Unlike scikit-learn 1.2, whose shuffle permutes the class counts apart from their groups (scikit-learn issue 24656),
/// the shuffle here permutes the groups themselves.
/// </summary>
public sealed record StratifiedGroupKFold
{
    /// <summary>Number of folds (at least 2, at most the number of groups). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Take groups of equal unevenness in a seeded random order. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Folds for class labels (class indices per the label contract) and one group key per row.</summary>
    public IReadOnlyList<Fold> Split<TGroup>(ReadOnlySpan<float> labels, IReadOnlyList<TGroup> groups) where TGroup : notnull =>
        Split<float, TGroup>(SplitHelpers.CheckLabels(labels, "labels"), groups);

    /// <summary>Folds for labels of any type (each distinct value is a class) and one group key per row.</summary>
    public IReadOnlyList<Fold> Split<TLabel, TGroup>(IReadOnlyList<TLabel> labels, IReadOnlyList<TGroup> groups)
        where TLabel : notnull where TGroup : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(groups);
        if (labels.Count != groups.Count)
            throw new ArgumentException($"labels has {labels.Count} rows but groups has {groups.Count}.", nameof(groups));
        if (Folds < 2)
            throw new ArgumentException($"Folds must be at least 2, not {Folds}.", nameof(Folds));
        var y = SplitHelpers.Encode(labels, out int classCount);
        var g = SplitHelpers.Encode(groups, out int groupCount);
        if (Folds > groupCount)
            throw new ArgumentException($"Folds = {Folds} is greater than the number of groups ({groupCount}).", nameof(Folds));

        var perGroup = new int[groupCount, classCount];
        var classTotal = new double[classCount];
        for (int i = 0; i < y.Length; i++) { perGroup[g[i], y[i]]++; classTotal[y[i]]++; }

        var order = SplitHelpers.Range(groupCount);
        if (Shuffle) SplitHelpers.Shuffle(order, new Random(Seed));
        // Stable sort: the most uneven groups first, ties in the (shuffled or first-seen) order.
        order = order.OrderByDescending(x => StandardDeviation(Enumerable.Range(0, classCount).Select(c => (double)perGroup[x, c]))).ToArray();

        var perFold = new double[Folds, classCount];
        var foldRows = new long[Folds];
        var foldOfGroup = new int[groupCount];
        var share = new double[Folds];
        foreach (var grp in order)
        {
            int best = -1;
            double bestSpread = double.PositiveInfinity;
            long bestRows = long.MaxValue;
            for (int f = 0; f < Folds; f++)
            {
                // The mean over classes of the standard deviation over folds of the class's share in each fold,
                // with this group added to fold f.
                double spread = 0;
                for (int c = 0; c < classCount; c++)
                {
                    for (int h = 0; h < Folds; h++) share[h] = (perFold[h, c] + (h == f ? perGroup[grp, c] : 0)) / classTotal[c];
                    spread += StandardDeviation(share);
                }
                spread /= classCount;
                bool close = Math.Abs(spread - bestSpread) <= 1e-8 + 1e-5 * Math.Abs(bestSpread);
                if (spread < bestSpread || close && foldRows[f] < bestRows)
                {
                    best = f;
                    bestSpread = spread;
                    bestRows = foldRows[f];
                }
            }
            foldOfGroup[grp] = best;
            for (int c = 0; c < classCount; c++) { perFold[best, c] += perGroup[grp, c]; foldRows[best] += perGroup[grp, c]; }
        }

        var testFold = new int[y.Length];
        for (int i = 0; i < y.Length; i++) testFold[i] = foldOfGroup[g[i]];
        var folds = SplitHelpers.FromAssignment(testFold, Folds);
        for (int f = 0; f < folds.Count; f++)
            if (folds[f].TestIndices.Length == 0)
                throw new ArgumentException($"Folds = {Folds} leaves test fold {f} empty.", nameof(Folds));
        return folds;
    }

    /// <summary>Population standard deviation (numpy's <c>std</c>).</summary>
    private static double StandardDeviation(IEnumerable<double> values)
    {
        var v = values as double[] ?? values.ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }
}
