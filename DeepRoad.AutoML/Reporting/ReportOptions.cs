namespace DeepRoad.AutoML.Reporting;

/// <summary>Extra inputs for the HTML report.</summary>
public sealed record ReportOptions
{
    /// <summary>Training file path shown in the summary.</summary>
    public string? TrainPath { get; init; }

    /// <summary>Test file: when set, permutation importance is computed on it (else on up to 1000 training rows).</summary>
    public string? TestPath { get; init; }

    /// <summary>Test metrics to show, when computed.</summary>
    public IReadOnlyDictionary<string, double>? TestMetrics { get; init; }

    /// <summary>
    /// Time for the report's permutation importance: its rows are cut to fit (measured on the unshuffled rows), and it is
    /// left out below 100 rows. Null: a tenth of the run's time budget, between 2 and 10 s.
    /// </summary>
    public TimeSpan? ImportanceTimeBudget { get; init; }

    /// <summary>Repeats of permutation importance.</summary>
    public int ImportanceRepeats { get; init; } = 2;
}
