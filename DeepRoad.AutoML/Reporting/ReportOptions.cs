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

    /// <summary>Repeats of permutation importance.</summary>
    public int ImportanceRepeats { get; init; } = 2;
}
