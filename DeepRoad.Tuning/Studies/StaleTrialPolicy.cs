namespace DeepRoad.Tuning;

/// <summary>What to do on resume with trials left running by a process that died.</summary>
public enum StaleTrialPolicy
{
    /// <summary>Mark them failed with an explanatory error.</summary>
    Fail,

    /// <summary>Put them back in the queue (state waiting, same number and parameters) so they run again first.</summary>
    Requeue,
}
