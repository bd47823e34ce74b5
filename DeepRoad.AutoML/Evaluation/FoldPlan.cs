using DeepRoad.Pipelines;

namespace DeepRoad.AutoML.Evaluation;

/// <summary>
/// Seeded validation plan: stratified k-fold (classification), shuffled k-fold (regression), or one stratified holdout.
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
        var rng = new Random(seed);
        // Group rows (by class for classification), shuffle each group, deal them round-robin to folds.
        var groups = task == MLTask.Regression
            ? [Enumerable.Range(0, n).ToList()]
            : Enumerable.Range(0, n).GroupBy(i => (int)label[i]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
        int k = holdout is { } h ? Math.Max(2, (int)Math.Round(1 / h)) : folds;
        // Rare classes (fewer rows than folds) are dealt like the others: they appear in some test folds only.
        if (n < 2 * k) throw new DeepRoadDataException($"{n} training rows are too few for {k}-fold validation.");
        var assign = new int[n];
        int offset = 0;
        foreach (var g in groups)
        {
            var arr = g.ToArray();
            rng.Shuffle(arr);
            for (int i = 0; i < arr.Length; i++) assign[arr[i]] = (offset + i) % k;
            offset += arr.Length;
        }
        var list = new List<(int[], int[])>();
        int used = holdout is null ? k : 1;
        for (int f = 0; f < used; f++)
        {
            var tr = Enumerable.Range(0, n).Where(i => assign[i] != f).ToArray();
            var te = Enumerable.Range(0, n).Where(i => assign[i] == f).ToArray();
            list.Add((tr, te));
        }
        var eval = list.SelectMany(f => f.Item2).OrderBy(i => i).ToArray();
        var pos = Enumerable.Repeat(-1, n).ToArray();
        for (int i = 0; i < eval.Length; i++) pos[eval[i]] = i;
        return new FoldPlan { Folds = list, EvalRows = eval, Position = pos };
    }
}
