using System.Globalization;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>
/// Base of the scikit-learn-style searches (after BaseSearchCV): owns cross-validation, scoring, parallel trials, the
/// failure policy and the refit; subclasses only choose the sampler. Call <see cref="FitAsync"/> on prepared data
/// (label per the label contract), then read <see cref="BestParameters"/>, <see cref="BestScore"/>,
/// <see cref="BestModel"/> and <see cref="Results"/>.
/// </summary>
public abstract class SearchCV
{
    private readonly MLContext _mlContext;
    private readonly Func<ParameterSet, IEstimator<ITransformer>> _factory;

    /// <summary>Creates the search.</summary>
    protected SearchCV(MLContext mlContext, SearchSpace space, Func<ParameterSet, IEstimator<ITransformer>> estimatorFactory, MLTask task, SearchCVOptions? options)
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _factory = estimatorFactory ?? throw new ArgumentNullException(nameof(estimatorFactory));
        Task = task;
        Options = options ?? new SearchCVOptions();
        if (Options.Trials < 1 || Options.Folds < 2) throw new ArgumentException("SearchCVOptions: Trials >= 1 and Folds >= 2 required.");
    }

    /// <summary>The search space.</summary>
    public SearchSpace Space { get; }

    /// <summary>The task.</summary>
    public MLTask Task { get; }

    /// <summary>Options.</summary>
    public SearchCVOptions Options { get; }

    /// <summary>The sampler that chooses candidates.</summary>
    protected abstract ISampler CreateSampler(int seed);

    /// <summary>The optimised metric (first of the metrics).</summary>
    public MetricKind Metric => (Options.Metrics ?? MetricKindExtensions.StandardSetFor(Task))[0];

    /// <summary>Best candidate after <see cref="FitAsync"/>.</summary>
    public ParameterSet BestParameters => StudyResult?.BestTrial?.Parameters ?? throw new InvalidOperationException("Call FitAsync first (or no candidate completed).");

    /// <summary>Mean CV score of the best candidate.</summary>
    public double BestScore => StudyResult?.BestValue ?? throw new InvalidOperationException("Call FitAsync first (or no candidate completed).");

    /// <summary>The best candidate refitted on all the data (null when <see cref="SearchCVOptions.Refit"/> is false).</summary>
    public ITransformer? BestModel { get; private set; }

    /// <summary>The study outcome (all trials).</summary>
    public StudyResult? StudyResult { get; private set; }

    /// <summary>One row per candidate, in trial order.</summary>
    public IReadOnlyList<SearchCVResult> Results { get; private set; } = [];

    /// <summary>Runs the search, then refits the best candidate on all of <paramref name="data"/>.</summary>
    public async Task<SearchCV> FitAsync(IDataView data, IProgress<StudyEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var objective = new CrossValidationObjective(_mlContext, data, _factory, Task, new CrossValidationOptions
        {
            Folds = Options.Folds, Stratified = Options.Stratified, Seed = Options.Seed, Metrics = Options.Metrics,
        });
        var study = new Study(Options.StudyName, Space, CreateSampler(Options.Seed), Options.Storage,
            new StudyOptions { Direction = objective.Direction, Workers = Options.Workers, FailurePolicy = Options.FailurePolicy }, Options.Pruner);
        StudyResult = await study.OptimizeAsync(objective, new StudyBudget(Options.Trials, Options.Time), progress, cancellationToken).ConfigureAwait(false);
        Results = BuildRows(StudyResult, objective.Metrics, objective.Direction);
        if (Options.Refit && StudyResult.BestTrial is { } best)
            BestModel = _factory(best.Parameters).Fit(data);
        return this;
    }

    private static IReadOnlyList<SearchCVResult> BuildRows(StudyResult result, IReadOnlyList<MetricKind> metrics, StudyDirection direction)
    {
        var complete = result.Trials.Where(t => t.State == TrialState.Complete && t.Value is not null)
            .OrderBy(t => direction == StudyDirection.Maximize ? -t.Value!.Value : t.Value!.Value).Select((t, i) => (t.Number, Rank: i + 1))
            .ToDictionary(p => p.Number, p => p.Rank);
        double Attr(FrozenTrial t, string key) => t.Attributes.TryGetValue(key, out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : double.NaN;
        return result.Trials.Where(t => t.IsFinished).Select(t => new SearchCVResult(
            t.Number, t.Parameters, t.State, complete.TryGetValue(t.Number, out var r) ? r : null,
            metrics.ToDictionary(m => m, m => Attr(t, $"mean_{m}")),
            metrics.ToDictionary(m => m, m => Attr(t, $"std_{m}")),
            t.Attributes.ContainsKey("fit_seconds") ? Attr(t, "fit_seconds") : null,
            t.Error)).ToArray();
    }
}
