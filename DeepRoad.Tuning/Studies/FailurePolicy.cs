namespace DeepRoad.Tuning;

/// <summary>What a study does when the objective throws (like Optuna's <c>catch</c> and scikit-learn's <c>error_score</c>).</summary>
public enum FailurePolicy
{
    /// <summary>Record the trial as failed (with the error text) and go on. The default.</summary>
    Record,

    /// <summary>Record the trial as failed, stop the study and rethrow the exception.</summary>
    Raise,
}
