namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Stratified k-fold (the allocation of scikit-learn's <c>StratifiedKFold</c>): rows are sorted by class and dealt
/// round-robin, so each fold gets each class's count within one of its ideal share and fold sizes differ by at most
/// one; then, with <see cref="Shuffle"/>, each class's rows are assigned to their folds in a seeded random order.
/// </summary>
public sealed record StratifiedKFold
{
    /// <summary>Number of folds (at least 2). Default 5.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Shuffle each class's rows before assigning them to folds (seeded). Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>Seed of the shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Allow classes with fewer members than <see cref="Folds"/> (they then miss from some test folds).
    /// Default false: such a class is an error, as it makes some folds' metrics undefined.
    /// </summary>
    public bool AllowSmallClasses { get; init; }

    /// <summary>Folds for class labels given as floats (class indices per the label contract).</summary>
    public IReadOnlyList<Fold> Split(ReadOnlySpan<float> labels) => Split<float>(SplitHelpers.CheckLabels(labels, "labels"));

    /// <summary>Folds for labels of any type (each distinct value is a class).</summary>
    public IReadOnlyList<Fold> Split<T>(IReadOnlyList<T> labels) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = labels.Count;
        SplitHelpers.CheckFolds(Folds, n);
        var codes = SplitHelpers.Encode(labels, out int classCount);
        var counts = new int[classCount];
        foreach (var c in codes) counts[c]++;

        int smallest = counts.Min();
        if (smallest < Folds && !AllowSmallClasses)
        {
            int cls = Array.IndexOf(counts, smallest);
            throw new ArgumentException(
                $"Folds = {Folds} is greater than the {smallest} member(s) of the least populated class ('{labels[Array.IndexOf(codes, cls)]}'). " +
                "Use fewer folds, or set AllowSmallClasses to accept test folds without that class.", nameof(Folds));
        }

        // allocation[f, c]: rows of class c in test fold f, from dealing the class-sorted rows round-robin.
        var allocation = new int[Folds, classCount];
        int position = 0;
        for (int c = 0; c < classCount; c++)
            for (int m = 0; m < counts[c]; m++, position++)
                allocation[position % Folds, c]++;

        var random = new Random(Seed);
        var testFold = new int[n];
        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++) members[c] = new List<int>(counts[c]);
        for (int i = 0; i < n; i++) members[codes[i]].Add(i);
        for (int c = 0; c < classCount; c++)
        {
            var foldsForClass = new int[counts[c]];
            int k = 0;
            for (int f = 0; f < Folds; f++)
                for (int m = 0; m < allocation[f, c]; m++) foldsForClass[k++] = f;
            if (Shuffle) SplitHelpers.Shuffle(foldsForClass, random);
            for (int m = 0; m < counts[c]; m++) testFold[members[c][m]] = foldsForClass[m];
        }

        var folds = SplitHelpers.FromAssignment(testFold, Folds);
        for (int f = 0; f < folds.Count; f++)
            if (folds[f].TestIndices.Length == 0)
                throw new ArgumentException($"Folds = {Folds} leaves test fold {f} empty.", nameof(Folds));
        return folds;
    }
}
