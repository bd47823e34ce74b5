using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Splits;

namespace DeepRoad.AutoML.Evaluation;

/// <summary>
/// Seeded validation plan over DeepRoad.Pipelines.Splits: stratified k-fold (classification), shuffled k-fold (regression), or one stratified holdout.
/// <see cref="EvalRows"/> are the rows that receive out-of-fold predictions, in the order of the OOF matrices.
/// </summary>
internal sealed class FoldPlan
{
    public required IReadOnlyList<(int[] Train, int[] Test)> Folds { get; init; }
    public required int[] EvalRows { get; init; }
    /// <summary>Row index to position in <see cref="EvalRows"/> (-1 when not evaluated).</summary>
    public required int[] Position { get; init; }

    public static FoldPlan Create(float[] label, MLTask task, int folds, double? holdout, int seed)
    {
        int n = label.Length;
        int k = holdout is { } h ? Math.Max(2, (int)Math.Round(1 / h)) : folds;
        if (n < 2 * k) throw new DeepRoadDataException($"{n} training rows are too few for {k}-fold validation.");
        // Rare classes (fewer rows than folds) are allowed: they appear in some test folds only.
        IReadOnlyList<Fold> split = task == MLTask.Regression
            ? new KFold { Folds = k, Shuffle = true, Seed = seed }.Split(n)
            : new StratifiedKFold { Folds = k, Shuffle = true, Seed = seed, AllowSmallClasses = true }.Split(label);
        var list = split.Take(holdout is null ? k : 1).Select(f => (f.TrainIndices, f.TestIndices)).ToList();
        var eval = list.SelectMany(f => f.Item2).OrderBy(i => i).ToArray();
        var pos = Enumerable.Repeat(-1, n).ToArray();
        for (int i = 0; i < eval.Length; i++) pos[eval[i]] = i;
        return new FoldPlan { Folds = list, EvalRows = eval, Position = pos };
    }
}
