using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Internal;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Stacking;

/// <summary>
/// Picks one of several candidate estimators (for example one trainer at several regularisation strengths) by k-fold
/// cross-validated score on its own training data, then refits the winner on all rows, as scikit-learn's
/// <c>LogisticRegressionCV</c> / <c>GridSearchCV(refit=True)</c> do. Folds are stratified for classification and drawn
/// from <see cref="Seed"/>; the default score is log loss (classification) or RMSE (regression); ties go to the first
/// candidate. Stacking uses it to choose its classification meta-learner's L2 penalty on the out-of-fold matrix.
/// The fitted transformer is the winning candidate's own, so it saves and loads like any member.
/// </summary>
public sealed class CrossValidatedEstimator : IEstimator<ITransformer>
{
    /// <summary>Creates the estimator.</summary>
    /// <param name="candidates">At least one candidate; each gets a fresh seeded <see cref="MLContext"/> per fit.</param>
    /// <param name="folds">Inner folds (at least 2; fewer when the data has fewer rows).</param>
    /// <param name="seed">Seed of the fold assignment and of every candidate fit.</param>
    /// <param name="metric">Score to optimise; null = log loss (classification) or RMSE (regression).</param>
    /// <param name="labelColumnName">Label column (Boolean, key or Single, per the DeepRoad contract).</param>
    public CrossValidatedEstimator(IReadOnlyList<EnsembleMember> candidates, int folds = 5, int seed = 0, MetricKind? metric = null, string labelColumnName = "Label")
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0) throw new ArgumentException("At least one candidate is required.", nameof(candidates));
        if (folds < 2) throw new ArgumentException($"Folds must be at least 2 (got {folds}).", nameof(folds));
        Candidates = candidates.ToArray();
        Folds = folds;
        Seed = seed;
        Metric = metric;
        LabelColumnName = labelColumnName;
    }

    /// <summary>The candidates, in tie-break order.</summary>
    public IReadOnlyList<EnsembleMember> Candidates { get; }

    /// <summary>Inner folds.</summary>
    public int Folds { get; }

    /// <summary>Seed of folds and fits.</summary>
    public int Seed { get; }

    /// <summary>Score to optimise; null = log loss or RMSE by task.</summary>
    public MetricKind? Metric { get; }

    /// <summary>Label column.</summary>
    public string LabelColumnName { get; }

    /// <summary>Cross-validated score of every candidate on <paramref name="input"/> and the index of the best.</summary>
    public (double[] Scores, int Best) Evaluate(IDataView input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var task = TaskInfo.FromSchema(input.Schema, LabelColumnName);
        var labels = ScoredRowReader.ReadLabels(input, task);
        int n = labels.Length, w = task.Width;
        var metric = Metric ?? (task.IsClassification ? MetricKind.LogLoss : MetricKind.Rmse);
        int k = Math.Min(Folds, n);
        if (k < 2) throw new ArgumentException($"Cross-validation needs at least 2 rows (got {n}).", nameof(input));
        var fold = FoldAssignment.Assign(labels, k, task.IsClassification, Seed);
        // The same k-fold out-of-fold run as stacking's members (fold models only, no refit), one candidate after another.
        var oof = OutOfFoldRunner.Run(Candidates, input, null, task, [fold], k, bagged: true, Seed, maxParallelism: 1,
            cancellationToken, null, "meta-learner candidate");
        var scores = new double[Candidates.Count];
        int best = 0;
        for (int c = 0; c < Candidates.Count; c++)
        {
            scores[c] = Pipelines.Metrics.Metric.Compute(metric, labels, new PredictionMatrix(n, w, oof[c].Oof), task.Task);
            bool better = metric.HigherIsBetter() ? scores[c] > scores[best] : scores[c] < scores[best];
            if (c > 0 && better) best = c;
        }
        return (scores, best);
    }

    /// <inheritdoc />
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int best = Candidates.Count == 1 ? 0 : Evaluate(input).Best;
        return MemberFitter.Fit(new FitJob(Candidates[best], Seed, input, "meta-learner refit on all rows"), CancellationToken.None);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        Candidates[0].Create(new MLContext(Seed)).GetOutputSchema(inputSchema);
}
