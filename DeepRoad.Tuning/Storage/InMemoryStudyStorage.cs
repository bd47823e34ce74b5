using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Storage;

/// <summary>Thread-safe storage in the process's memory (lost when it exits).</summary>
public sealed class InMemoryStudyStorage : IStudyStorage
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (StudyDirection Direction, string Space, List<FrozenTrial> Trials)> _studies = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public void CreateOrOpenStudy(string study, StudyDirection direction, string searchSpaceJson)
    {
        lock (_gate)
        {
            if (_studies.TryGetValue(study, out var s))
            {
                if (s.Direction != direction) throw new InvalidOperationException($"Study '{study}' exists with direction {s.Direction}, not {direction}.");
                return;
            }
            _studies[study] = (direction, searchSpaceJson, new List<FrozenTrial>());
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames()
    {
        lock (_gate) return _studies.Keys.ToArray();
    }

    /// <inheritdoc />
    public string? GetSearchSpaceJson(string study)
    {
        lock (_gate) return _studies.TryGetValue(study, out var s) ? s.Space : null;
    }

    private List<FrozenTrial> Trials(string study) =>
        _studies.TryGetValue(study, out var s) ? s.Trials : throw new InvalidOperationException($"No study '{study}' in the storage.");

    private void Update(string study, int number, Func<FrozenTrial, FrozenTrial> f)
    {
        var list = Trials(study);
        if (number < 0 || number >= list.Count) throw new InvalidOperationException($"Study '{study}' has no trial {number}.");
        list[number] = f(list[number]);
    }

    /// <inheritdoc />
    public int? CreateTrial(string study, ParameterSet parameters, TrialState state, string? owner, int? maxTrials)
    {
        lock (_gate)
        {
            var list = Trials(study);
            if (maxTrials is { } m && list.Count >= m) return null;
            return Add(list, parameters, state, owner);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<int> QueueTrials(string study, Func<IReadOnlyList<FrozenTrial>, IReadOnlyList<ParameterSet>> select)
    {
        ArgumentNullException.ThrowIfNull(select);
        lock (_gate)
        {
            var list = Trials(study);
            return select(list.ToArray()).Select(p => Add(list, p, TrialState.Waiting, null)).ToList();
        }
    }

    private static int Add(List<FrozenTrial> list, ParameterSet parameters, TrialState state, string? owner)
    {
        var now = DateTimeOffset.UtcNow;
        list.Add(new FrozenTrial
        {
            Number = list.Count, State = state, Parameters = parameters, Owner = owner,
            StartedAt = state == TrialState.Running ? now : null, HeartbeatAt = state == TrialState.Running ? now : null,
        });
        return list.Count - 1;
    }

    /// <inheritdoc />
    public FrozenTrial? ClaimWaitingTrial(string study, string owner)
    {
        lock (_gate)
        {
            var list = Trials(study);
            var t = list.FirstOrDefault(x => x.State == TrialState.Waiting);
            if (t is null) return null;
            var now = DateTimeOffset.UtcNow;
            var claimed = t with { State = TrialState.Running, Owner = owner, StartedAt = now, HeartbeatAt = now };
            list[t.Number] = claimed;
            return claimed;
        }
    }

    /// <inheritdoc />
    public void ReportIntermediate(string study, int number, int step, double value)
    {
        lock (_gate)
            Update(study, number, t => t with
            {
                IntermediateValues = t.IntermediateValues.Where(kv => kv.Key != step).Append(new(step, value)).OrderBy(kv => kv.Key).ToArray(),
            });
    }

    /// <inheritdoc />
    public void SetAttribute(string study, int number, string key, string value)
    {
        lock (_gate)
            Update(study, number, t => t with { Attributes = new Dictionary<string, string>(t.Attributes) { [key] = value } });
    }

    /// <inheritdoc />
    public void FinishTrial(string study, int number, TrialState state, double? value, string? error)
    {
        lock (_gate)
            Update(study, number, t => t with { State = state, Value = value, Error = error, FinishedAt = DateTimeOffset.UtcNow });
    }

    /// <inheritdoc />
    public void Heartbeat(string study, string owner)
    {
        lock (_gate)
        {
            var list = Trials(study);
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < list.Count; i++)
                if (list[i].State == TrialState.Running && list[i].Owner == owner) list[i] = list[i] with { HeartbeatAt = now };
        }
    }

    /// <inheritdoc />
    public int RecoverStaleTrials(string study, Func<FrozenTrial, bool> isStale, StaleTrialPolicy policy)
    {
        lock (_gate)
        {
            var list = Trials(study);
            var n = 0;
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i].State != TrialState.Running || !isStale(list[i])) continue;
                list[i] = policy == StaleTrialPolicy.Requeue
                    ? list[i] with { State = TrialState.Waiting, Owner = null, StartedAt = null, HeartbeatAt = null, IntermediateValues = [] }
                    : list[i] with { State = TrialState.Failed, Error = StaleError(list[i]), FinishedAt = DateTimeOffset.UtcNow };
                n++;
            }
            return n;
        }
    }

    internal static string StaleError(FrozenTrial t) => $"Stale: the process that ran this trial ({t.Owner}) stopped without finishing it.";

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(string study)
    {
        lock (_gate) return Trials(study).ToArray();
    }

    /// <inheritdoc />
    public void Dispose() { }
}
