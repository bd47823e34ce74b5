using System.Globalization;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>
/// A tuning objective that scores the estimator built from a trial's parameters by (stratified) k-fold
/// cross-validation with <see cref="CrossValidator"/>. The value is the mean of the primary metric; the study's
/// direction must match <see cref="Direction"/>. After each fold the running mean is reported as an intermediate value
/// (step = folds done), so pruners can stop a candidate early. Per-metric means and standard deviations and the fit
/// time are stored as trial attributes (<c>mean_{metric}</c>, <c>std_{metric}</c>, <c>fit_seconds</c>).
/// </summary>
public sealed class CrossValidationObjective : IObjective
{
    private readonly MLContext _mlContext;
    private readonly IDataView _data;
    private readonly Func<ParameterSet, IEstimator<ITransformer>> _factory;
    private readonly MLTask _task;
    private readonly CrossValidationOptions _options;

    /// <summary>Creates the objective on prepared data (label per the label contract).</summary>
    public CrossValidationObjective(MLContext mlContext, IDataView data, Func<ParameterSet, IEstimator<ITransformer>> estimatorFactory, MLTask task, CrossValidationOptions? options = null)
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _data = data ?? throw new ArgumentNullException(nameof(data));
        _factory = estimatorFactory ?? throw new ArgumentNullException(nameof(estimatorFactory));
        _task = task;
        _options = options ?? new CrossValidationOptions();
        Metrics = _options.Metrics ?? MetricKindExtensions.StandardSetFor(task);
        _options = _options with { Metrics = Metrics };
    }

    /// <summary>Metrics computed per fold; the first one is optimised.</summary>
    public IReadOnlyList<MetricKind> Metrics { get; }

    /// <summary>The direction a study must use with this objective.</summary>
    public StudyDirection Direction => Metrics[0].HigherIsBetter() ? StudyDirection.Maximize : StudyDirection.Minimize;

    /// <summary>The last cross-validation result per trial number (for result tables).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<int, CrossValidationResult> Results { get; } = new();

    /// <inheritdoc />
    public ValueTask<double> EvaluateAsync(Trial trial, CancellationToken cancellationToken)
    {
        // Cross-validation is CPU-bound and synchronous; the study already runs each trial on a worker thread.
        var options = _options with
        {
            OnFoldCompleted = report =>
            {
                trial.ReportAndPrune(report.CompletedFolds, report.RunningMean);
                return true;
            },
        };
        var result = CrossValidator.Run(_mlContext, _data, _ => _factory(trial.Parameters), _task, options, null, cancellationToken);
        Results[trial.Number] = result;
        foreach (var m in Metrics)
        {
            trial.SetAttribute($"mean_{m}", result.Mean(m));
            trial.SetAttribute($"std_{m}", result.StandardDeviation(m));
        }
        trial.SetAttribute("fit_seconds", result.TotalFitTime.TotalSeconds);
        trial.SetAttribute("fold_scores", string.Join(";", result.FoldResults.Select(f => f.Metrics[Metrics[0]].ToString("R", CultureInfo.InvariantCulture))));
        return ValueTask.FromResult(result.PrimaryMean);
    }
}
