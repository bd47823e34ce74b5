using DeepRoad.Ensembles;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.AutoML.Ensembling;

/// <summary>
/// Honest out-of-fold scores for the ways of building the final model. Each one is a procedure run on the search's
/// out-of-fold predictions: rank the trials, take a library (the best 20 plus the best trial of each other trainer), the
/// best trial of each trainer or the best five, then fit weights (Caruana selection) or a meta-learner (stacking), or
/// fit nothing (the per-trainer average). Scored on the rows it was run on, every step flatters it: after hundreds of
/// trials the best ones are partly the luckiest on those rows (the winner's curse), and the more a procedure picks, the
/// more it is flattered. Here the whole procedure, the choice of trials included, is run on four fifths of the rows and
/// scored on the fifth it never saw (a nested cross-validation, as in Varma and Simon 2006 and Cawley and Talbot 2010),
/// so the three are compared on the same footing.
/// </summary>
internal static class FinalModelCrossValidation
{
    /// <summary>A completed trial: its number (the last tie-break), trainer and out-of-fold predictions on every row.</summary>
    public sealed record Candidate(int Number, AutoMLTrainer Trainer, PredictionMatrix Oof);

    /// <summary>How a stack's members are picked: the best <c>n</c> trials, or the best trial of each trainer.</summary>
    public enum StackMembers { BestN, BestOfEachTrainer }

    /// <summary>Each procedure's predictions of every row from a run that did not see it.</summary>
    public sealed record Result(PredictionMatrix Selection, PredictionMatrix Average, IReadOnlyList<PredictionMatrix> Stacks);

    /// <summary>
    /// Runs selection, the per-trainer average and each stack in <paramref name="stacks"/> on <paramref name="folds"/> - 1
    /// folds of the rows and predicts the remaining fold, for each fold (stratified, seeded:
    /// <see cref="EnsembleSelection.AssignFolds"/>).
    /// </summary>
    public static Result Run(IReadOnlyList<Candidate> pool, float[] truth, MLTask task, MetricKind metric, EnsembleSelectionOptions selection,
        int librarySize, int stackSize, IReadOnlyList<StackMembers> stacks, int folds, int seed, CancellationToken ct)
    {
        if (pool.Count == 0) throw new ArgumentException("no candidate trials", nameof(pool));
        int rows = truth.Length, width = pool[0].Oof.Width;
        var fold = EnsembleSelection.AssignFolds(truth, task, folds, seed);
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
            Write(average, held, AutoMLModel.Blend(perTrainer.Select(i => heldOof[i]).ToList(), perTrainer.Select(_ => 1.0).ToList()));
            for (int s = 0; s < stacks.Count; s++)
            {
                ct.ThrowIfCancellationRequested();
                var members = stacks[s] == StackMembers.BestN ? order.Take(stackSize).ToList() : perTrainer;
                var meta = MetaStack.FitModel(ml, members.Select(i => fitOof[i]).ToList(), fitTruth, task, width);
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
        bool tieBreak = task != MLTask.Regression && metric != MetricKind.LogLoss;
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
