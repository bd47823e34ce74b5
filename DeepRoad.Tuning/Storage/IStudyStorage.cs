using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Storage;

/// <summary>
/// Where studies and trials live. A <see cref="Study"/> holds no state of its own, so several study objects (threads or
/// processes) can share one study through a storage. Every method is atomic; implementations are thread-safe.
/// Parameter sets come back in loose canonical form; the study normalises them with its search space.
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>Creates the study, or opens it when it exists; throws <see cref="InvalidOperationException"/> when the direction differs.</summary>
    void CreateOrOpenStudy(string study, StudyDirection direction, string searchSpaceJson);

    /// <summary>Names of the studies in the storage.</summary>
    IReadOnlyList<string> GetStudyNames();

    /// <summary>The stored search space JSON of a study, or null when it does not exist.</summary>
    string? GetSearchSpaceJson(string study);

    /// <summary>
    /// Adds a trial (state <see cref="TrialState.Running"/> owned by <paramref name="owner"/>, or
    /// <see cref="TrialState.Waiting"/>) and returns its number; returns null, adding nothing, when the study already
    /// holds <paramref name="maxTrials"/> trials.
    /// </summary>
    int? CreateTrial(string study, ParameterSet parameters, TrialState state, string? owner, int? maxTrials);

    /// <summary>
    /// In one atomic step: reads every trial of the study (ordered by number), asks <paramref name="select"/> which
    /// parameter sets to queue, and adds them as <see cref="TrialState.Waiting"/> trials in that order; returns their
    /// numbers. Several study objects (threads or processes) that queue from what they read, such as the retries of
    /// cancelled trials at the start of a resumed study, each see what the others queued, so none queues a trial twice.
    /// </summary>
    IReadOnlyList<int> QueueTrials(string study, Func<IReadOnlyList<FrozenTrial>, IReadOnlyList<ParameterSet>> select);

    /// <summary>Atomically moves the lowest-numbered waiting trial to running for <paramref name="owner"/>; null when none waits.</summary>
    FrozenTrial? ClaimWaitingTrial(string study, string owner);

    /// <summary>Records an intermediate value (overwrites the same step).</summary>
    void ReportIntermediate(string study, int number, int step, double value);

    /// <summary>Sets a free-form attribute on a trial.</summary>
    void SetAttribute(string study, int number, string key, string value);

    /// <summary>Ends a trial.</summary>
    void FinishTrial(string study, int number, TrialState state, double? value, string? error);

    /// <summary>Refreshes the heartbeat of every running trial of <paramref name="owner"/>.</summary>
    void Heartbeat(string study, string owner);

    /// <summary>Fails or re-queues running trials for which <paramref name="isStale"/> is true; returns how many.</summary>
    int RecoverStaleTrials(string study, Func<FrozenTrial, bool> isStale, StaleTrialPolicy policy);

    /// <summary>All trials of a study, ordered by number.</summary>
    IReadOnlyList<FrozenTrial> GetTrials(string study);
}
