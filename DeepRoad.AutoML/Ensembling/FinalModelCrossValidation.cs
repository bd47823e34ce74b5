using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.AutoML.Ensembling;

/// <summary>
/// Honest out-of-fold scores for the ways of building the final model. Each one is a procedure run on the search's
/// out-of-fold predictions: rank the trials, take a library (the best 20 plus the best trial of each other trainer), the
/// best trial of each trainer or the best five (at most two of a trainer), then fit weights (Caruana selection) or a
/// meta-learner (stacking), or fit nothing (the per-trainer average). Scored on the rows it was run on, every step
/// flatters it: after hundreds of trials the best ones are partly the luckiest on those rows (the winner's curse), and
/// the more a procedure picks, the more it is flattered. Here the whole procedure, the choice of trials included, is run on four fifths of the rows and
/// scored on the fifth it never saw (a nested cross-validation, as in Varma and Simon 2006 and Cawley and Talbot 2010),
/// so the three are compared on the same footing.
/// </summary>
internal static class FinalModelCrossValidation
{
    /// <summary>A completed trial: its number (the last tie-break), trainer and out-of-fold predictions on every row.</summary>
    public sealed record Candidate(int Number, AutoMLTrainer Trainer, PredictionMatrix Oof);

    /// <summary>
    /// How a stack's members are picked: the best <c>n</c> trials with at most <see cref="MaxPerTrainer"/> of any one
    /// trainer, or the best trial of each trainer.
    /// </summary>
    public enum StackMembers { BestN, BestOfEachTrainer }

    /// <summary>
    /// At most this many trials of one trainer among a stack's best <c>n</c>. After hundreds of trials the plain best five
    /// are one family's neighbouring configurations: their predictions are nearly collinear, so the meta-learner has
    /// little to combine and fits the noise of their differences, and the stack inherits that family's luck on the
    /// out-of-fold rows. With two a family, the stack gets the leader's two best and the runners-up's. On five fresh
    /// splits of a 200-row text set this stack scored above the plain best five on 4 of 5 (mean test AUC +2.9 points), on
    /// 10 of the 14 runs where the two differed on three fresh splits of seven tabular sets (60 s), and on the 300 s
    /// official splits of diabetes, attrition and breast_cancer (`automl finals` in DeepRoad.Benchmarks;
    /// benchmarks/results/automl.md).
    /// </summary>
    public const int MaxPerTrainer = 2;

    /// <summary>
    /// The first <paramref name="n"/> of <paramref name="ranked"/> (best first) taking at most <see cref="MaxPerTrainer"/>
    /// of any trainer; when that leaves fewer than <paramref name="n"/> (few trainers), the best of the rest fill up.
    /// </summary>
    public static List<T> BestCapped<T>(IReadOnlyList<T> ranked, Func<T, AutoMLTrainer> trainer, int n)
    {
        var taken = new Dictionary<AutoMLTrainer, int>();
        var picked = new List<int>();
        for (int i = 0; i < ranked.Count && picked.Count < n; i++)
        {
            var t = trainer(ranked[i]);
            int c = taken.GetValueOrDefault(t);
            if (c >= MaxPerTrainer) continue;
            taken[t] = c + 1;
            picked.Add(i);
        }
        for (int i = 0; i < ranked.Count && picked.Count < n; i++)
            if (!picked.Contains(i)) picked.Add(i);
        return picked.Order().Select(i => ranked[i]).ToList();
    }

    /// <summary>
    /// The trainers' best trials (<paramref name="perTrainer"/>, best first) that the first does not beat on at least
    /// <paramref name="share"/> of 200 paired bootstrap resamples of the rows: the families statistically tied with the
    /// best. Above <paramref name="maxRows"/> rows every trainer is kept, as before the test existed: the bootstrap costs
    /// about 2 s per trainer on 26 000 rows of ROC-AUC, and a test on a sample of the rows is a weaker one (on
    /// taxi_fare's 16 000 rows, a 2 000-row sample kept four tree families whose average was returned and scored 2.693
    /// RMSE on test, against 2.549-2.667 in three runs without the test). Small tables, where the average is chosen, are
    /// where the test matters.
    /// </summary>
    public static List<T> TiedWithBest<T>(IReadOnlyList<T> perTrainer, Func<T, PredictionMatrix> oof, float[] truth, MLTask task, MetricKind metric,
        double share, int seed, int maxRows = 2000)
    {
        if (perTrainer.Count < 2 || truth.Length > maxRows) return perTrainer.ToList();
        var best = oof(perTrainer[0]);
        return perTrainer.Where((x, k) => k == 0 || PairedBootstrap.WinRate(metric, truth, best, oof(x), task, 200, seed) < share).ToList();
    }

    /// <summary>Each procedure's predictions of every row from a run that did not see it.</summary>
    public sealed record Result(PredictionMatrix Selection, PredictionMatrix Average, IReadOnlyList<PredictionMatrix> Stacks);

    /// <summary>
    /// Runs selection, the per-trainer average and each stack in <paramref name="stacks"/> on <paramref name="folds"/> - 1
    /// folds of the rows and predicts the remaining fold, for each fold (stratified, seeded:
    /// <see cref="EnsembleSelection.AssignFolds"/>; or <paramref name="foldOfRow"/>, the whole-group folds of a run with a
    /// group column, so that no group is both chosen on and scored on).
    /// </summary>
    public static Result Run(IReadOnlyList<Candidate> pool, float[] truth, MLTask task, MetricKind metric, EnsembleSelectionOptions selection,
        int librarySize, int stackSize, IReadOnlyList<StackMembers> stacks, int folds, int seed, CancellationToken ct, EnsembleMember? metaLearner = null,
        IReadOnlySet<AutoMLTrainer>? averageTrainers = null, Func<IReadOnlyList<AutoMLTrainer>, IReadOnlyList<double>>? averageWeights = null,
        int[]? foldOfRow = null)
    {
        if (pool.Count == 0) throw new ArgumentException("no candidate trials", nameof(pool));
        int rows = truth.Length, width = pool[0].Oof.Width;
        if (foldOfRow is not null && (foldOfRow.Length != rows || foldOfRow.Any(f => f < 0 || f >= folds)))
            throw new ArgumentException($"foldOfRow must give each of the {rows} rows a fold in [0, {folds}).", nameof(foldOfRow));
        var fold = foldOfRow ?? EnsembleSelection.AssignFolds(truth, task, folds, seed);
        var selected = PredictionMatrix.Create(rows, width);
        var average = PredictionMatrix.Create(rows, width);
        var stacked = stacks.Select(_ => PredictionMatrix.Create(rows, width)).ToList();
        var ml = new MLContext(seed);
        for (int f = 0; f < folds; f++)
        {
            ct.ThrowIfCancellationRequested();
            var fit = Enumerable.Range(0, rows).Where(r => fold[r] != f).ToArray();
            var held = Enumerable.Range(0, rows).Where(r => fold[r] == f).ToArray();
            var fitTruth = fit.Select(r => truth[r]).ToArray();
            var fitOof = pool.Select(c => c.Oof.SelectRows(fit)).ToList();
            var heldOof = pool.Select(c => c.Oof.SelectRows(held)).ToList();
            var order = Order(fitOof, fitTruth, metric, task, pool.Select(c => c.Number).ToList());

            var top = order.Take(librarySize).ToList();
            var inTop = top.Select(i => pool[i].Trainer).ToHashSet();
            var library = top.Concat(order.Skip(librarySize).Where(i => inTop.Add(pool[i].Trainer))).ToList();
            var perTrainer = order.GroupBy(i => pool[i].Trainer).Select(g => g.First()).ToList();

            var weights = library.Count == 1 ? [1.0] : EnsembleSelection.Select(library.Select(i => fitOof[i]).ToList(), fitTruth, task, selection).Weights;
            Write(selected, held, AutoMLModel.Blend(library.Select(i => heldOof[i]).ToList(), weights));
            var averaged = averageTrainers is null ? perTrainer : perTrainer.Where(i => averageTrainers.Contains(pool[i].Trainer)).ToList();
            if (averaged.Count == 0) averaged = perTrainer;
            var averageW = averageWeights?.Invoke(averaged.Select(i => pool[i].Trainer).ToList()) ?? averaged.Select(_ => 1.0).ToList();
            Write(average, held, AutoMLModel.Blend(averaged.Select(i => heldOof[i]).ToList(), averageW));
            for (int s = 0; s < stacks.Count; s++)
            {
                ct.ThrowIfCancellationRequested();
                var members = stacks[s] == StackMembers.BestN ? BestCapped(order, i => pool[i].Trainer, stackSize) : perTrainer;
                var meta = MetaStack.FitModel(ml, members.Select(i => fitOof[i]).ToList(), fitTruth, task, width, metaLearner);
                Write(stacked[s], held, MetaStack.Predict(ml, meta, members.Select(i => heldOof[i]).ToList(), task, width));
            }
        }
        return new Result(selected, average, stacked);
    }

    /// <summary>
    /// Indices of <paramref name="predictions"/> best first by <paramref name="metric"/> on these rows; exact ties of a
    /// classification metric go to the better log-loss, then to the lower trial number (as the final model ranks trials).
    /// </summary>
    public static List<int> Order(IReadOnlyList<PredictionMatrix> predictions, float[] truth, MetricKind metric, MLTask task, IReadOnlyList<int> numbers)
    {
        var scores = predictions.Select(p => Metric.Compute(metric, truth, p, task)).ToList();
        bool tieBreak = AutoMLExperiment.TieBreaks(metric, task);
        var logLoss = tieBreak ? predictions.Select(p => Metric.Compute(MetricKind.LogLoss, truth, p, task)).ToList() : null;
        return Order(scores, logLoss, numbers, metric.HigherIsBetter());
    }

    /// <summary>Indices best first: by score (NaN last), then by the tie-break loss (NaN last) when given, then by trial number.</summary>
    public static List<int> Order(IReadOnlyList<double> scores, IReadOnlyList<double>? tieBreakLoss, IReadOnlyList<int> numbers, bool higherIsBetter) =>
        Enumerable.Range(0, scores.Count)
            .OrderBy(i => double.IsNaN(scores[i]) ? double.PositiveInfinity : higherIsBetter ? -scores[i] : scores[i])
            .ThenBy(i => tieBreakLoss is null ? 0 : double.IsNaN(tieBreakLoss[i]) ? double.PositiveInfinity : tieBreakLoss[i])
            .ThenBy(i => numbers[i]).ToList();

    private static void Write(PredictionMatrix target, int[] rows, PredictionMatrix part)
    {
        for (int i = 0; i < rows.Length; i++) part.Row(i).CopyTo(target.Row(rows[i]));
    }
}
