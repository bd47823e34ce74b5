namespace DeepRoad.Ensembles.Internal;

/// <summary>
/// Seeded k-fold assignment by row: stratified by class for classification (each class's rows are
/// shuffled and dealt round-robin), shuffled plain k-fold for regression.
/// </summary>
internal static class FoldAssignment
{
    public static int[] Assign(float[] labels, int folds, bool stratify, int seed)
    {
        int n = labels.Length;
        if (folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {folds}).", nameof(folds));
        if (folds > n) throw new ArgumentException($"Folds ({folds}) cannot exceed the number of training rows ({n}).", nameof(folds));
        var rng = new Random(seed);
        var fold = new int[n];
        if (!stratify)
        {
            var idx = Enumerable.Range(0, n).ToArray();
            rng.Shuffle(idx);
            for (int i = 0; i < n; i++) fold[idx[i]] = i % folds;
            return fold;
        }
        int next = 0;
        foreach (var group in Enumerable.Range(0, n).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var idx = group.ToArray();
            rng.Shuffle(idx);
            foreach (var i in idx) fold[i] = next++ % folds;
        }
        return fold;
    }
}
