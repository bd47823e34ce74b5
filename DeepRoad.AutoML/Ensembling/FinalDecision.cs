using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML.Ensembling;

/// <summary>
/// The final-model decision, once its candidates are built: Caruana selection, the best of the fitted stacks, and the
/// plain average of the tied trainers' best trials. One pure function of their out-of-fold predictions, used by
/// <see cref="AutoMLExperiment"/> and by the benchmark that replays the product's decision on dumped searches, so the
/// two cannot drift apart.
/// <list type="number">
/// <item>The stacks are ranked on their nested cross-validated scores when the nested run finished, else on their
/// meta-learner's own cross-validation.</item>
/// <item>The best stack beats the selection when its (nested) score is better than the selection's (nested, else
/// plain out-of-fold) score.</item>
/// <item>The average, when there is one, is the final model unless the winner of step 2 beats it on at least
/// <see cref="AutoMLExperiment.AverageRivalWinRate"/> of the paired bootstrap resamples (the one-standard-error
/// rule), both compared on their nested predictions when those exist.</item>
/// </list>
/// </summary>
internal static class FinalDecision
{
    /// <summary>A fitted stack: its index among the stack candidates (the nested run's <c>Stacks</c> order), and its meta-learner's cross-validated predictions and score.</summary>
    public readonly record struct FittedStack(int Candidate, PredictionMatrix Oof, double Score);

    /// <summary>Which candidate is the final model.</summary>
    public enum Choice { Selection, Stack, Average }

    /// <summary>
    /// The decision and the scores it was taken on: the best fitted stack's candidate index (<c>Stack</c>, null when
    /// none was fitted), each candidate's plain and nested score, and the share of bootstrap resamples on which the
    /// average's rival beats it (null without an average candidate).
    /// </summary>
    public sealed record Outcome(
        Choice Choice, int? Stack, bool StackBeatsSelection,
        double SelectionScore, double? SelectionNested,
        double? StackScore, double? StackNested,
        double? AverageScore, double? AverageNested, double? RivalWinRate);

    /// <summary>Takes the decision (see the class summary).</summary>
    /// <param name="metric">The run's metric.</param>
    /// <param name="truth">The labels of the out-of-fold rows.</param>
    /// <param name="task">The task.</param>
    /// <param name="seed">Seeds the bootstrap.</param>
    /// <param name="selectionOof">The selection's blend of out-of-fold predictions (scored on the rows it was chosen on).</param>
    /// <param name="stacks">The stacks that were fitted in time, in any order.</param>
    /// <param name="nested">The nested cross-validation, when it finished in time.</param>
    /// <param name="averageOof">The per-trainer average's out-of-fold blend, or null when there is no average candidate.</param>
    /// <param name="forceStack">Test seam: take (true) or refuse (false) the stack whatever the scores.</param>
    public static Outcome Decide(MetricKind metric, float[] truth, MLTask task, int seed, PredictionMatrix selectionOof,
        IReadOnlyList<FittedStack> stacks, FinalModelCrossValidation.Result? nested, PredictionMatrix? averageOof, bool? forceStack = null)
    {
        bool higher = metric.HigherIsBetter();
        bool Better(double a, double b) => higher ? a > b : a < b;
        double Score(PredictionMatrix p) => Metric.Compute(metric, truth, p, task);

        double selectionScore = Score(selectionOof);
        double? selectionNested = nested is null ? null : Score(nested.Selection);
        var stackNestedScores = nested?.Stacks.Select(Score).ToList();
        double Rank(FittedStack s) => stackNestedScores?[s.Candidate] ?? s.Score;
        FittedStack? best = null;
        foreach (var s in stacks)
            if (best is not { } cur || Better(Rank(s), Rank(cur))) best = s;
        double? stackNested = best is { } b && stackNestedScores is not null ? stackNestedScores[b.Candidate] : null;
        double? stackRival = stackNested ?? best?.Score;
        bool stackBeatsSelection = stackRival is { } st && (forceStack ?? Better(st, selectionNested ?? selectionScore));

        double? averageScore = null, averageNested = null, rivalWinRate = null;
        if (averageOof is not null)
        {
            averageScore = Score(averageOof);
            var averageHonest = nested?.Average ?? averageOof;
            if (nested is not null) averageNested = Score(averageHonest);
            var rivalOof = stackBeatsSelection
                ? nested is not null ? nested.Stacks[best!.Value.Candidate] : best!.Value.Oof
                : nested?.Selection ?? selectionOof;
            rivalWinRate = AutoMLExperiment.RivalWinRate(metric, truth, rivalOof, averageHonest, task, seed);
        }
        var choice = rivalWinRate is { } w && w < AutoMLExperiment.AverageRivalWinRate ? Choice.Average
            : stackBeatsSelection ? Choice.Stack : Choice.Selection;
        return new Outcome(choice, best?.Candidate, stackBeatsSelection, selectionScore, selectionNested, best?.Score, stackNested,
            averageScore, averageNested, rivalWinRate);
    }
}
