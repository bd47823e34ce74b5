using System.Globalization;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning;

/// <summary>
/// A trial being evaluated: its number and parameters, and the channel back to the study for intermediate values,
/// pruning decisions and attributes. Intermediate values are written to storage at once, so they survive a crash.
/// </summary>
public sealed class Trial
{
    private readonly Study _study;
    private readonly List<KeyValuePair<int, double>> _intermediate = new();
    private readonly object _gate = new();

    internal Trial(Study study, int number, ParameterSet parameters, DateTimeOffset startedAt)
    {
        _study = study;
        Number = number;
        Parameters = parameters;
        StartedAt = startedAt;
    }

    /// <summary>Trial number within the study.</summary>
    public int Number { get; }

    /// <summary>The parameters to evaluate.</summary>
    public ParameterSet Parameters { get; }

    /// <summary>When evaluation started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Name of the study.</summary>
    public string StudyName => _study.Name;

    /// <summary>Intermediate values reported so far, by step.</summary>
    public IReadOnlyList<KeyValuePair<int, double>> IntermediateValues
    {
        get { lock (_gate) return _intermediate.ToArray(); }
    }

    /// <summary>The parameters bound to an options record (see <see cref="ParameterSet.Bind{T}"/>).</summary>
    public T Bind<T>(T? template = null) where T : class => Parameters.Bind(template);

    /// <summary>Records the intermediate value of <paramref name="step"/> (an epoch, a fold, a number of trees...).</summary>
    public void Report(int step, double value)
    {
        if (step < 0) throw new ArgumentOutOfRangeException(nameof(step), "Steps are >= 0.");
        lock (_gate)
        {
            _intermediate.RemoveAll(kv => kv.Key == step);
            _intermediate.Add(new(step, value));
            _intermediate.Sort((a, b) => a.Key.CompareTo(b.Key));
        }
        _study.Storage.ReportIntermediate(_study.Name, Number, step, value);
    }

    /// <summary>Asks the study's pruner whether this trial should stop now.</summary>
    public bool ShouldPrune()
    {
        var snapshot = new FrozenTrial { Number = Number, State = TrialState.Running, Parameters = Parameters, IntermediateValues = IntermediateValues, StartedAt = StartedAt };
        return _study.Pruner.ShouldPrune(snapshot, _study.Trials, _study.Options.Direction);
    }

    /// <summary>Reports a value and throws <see cref="TrialPrunedException"/> when the pruner says stop.</summary>
    public void ReportAndPrune(int step, double value)
    {
        Report(step, value);
        if (ShouldPrune()) throw new TrialPrunedException(FormattableString.Invariant($"Trial {Number} pruned at step {step} (value {value})."));
    }

    /// <summary>Stores a free-form attribute (for example per-fold metrics) with the trial.</summary>
    public void SetAttribute(string key, string value) => _study.Storage.SetAttribute(_study.Name, Number, key, value);

    /// <summary>Stores a numeric attribute (invariant culture).</summary>
    public void SetAttribute(string key, double value) => SetAttribute(key, value.ToString("R", CultureInfo.InvariantCulture));
}
