using DeepRoad.Pipelines.Splits;

namespace DeepRoad.Ensembles.Internal;

/// <summary>
/// Fold id per row from DeepRoad.Pipelines' seeded splitters: <see cref="StratifiedKFold"/> for classification
/// (classes smaller than k allowed: they simply miss from some test folds), shuffled <see cref="KFold"/> for regression.
/// </summary>
internal static class FoldAssignment
{
    public static int[] Assign(float[] labels, int folds, bool stratify, int seed)
    {
        int n = labels.Length;
        if (folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {folds}).", nameof(folds));
        if (folds > n) throw new ArgumentException($"Folds ({folds}) cannot exceed the number of training rows ({n}).", nameof(folds));
        var split = stratify
            ? new StratifiedKFold { Folds = folds, Shuffle = true, Seed = seed, AllowSmallClasses = true }.Split(labels)
            : new KFold { Folds = folds, Shuffle = true, Seed = seed }.Split(n);
        var fold = new int[n];
        for (int f = 0; f < split.Count; f++)
            foreach (var i in split[f].TestIndices) fold[i] = f;
        return fold;
    }
}
