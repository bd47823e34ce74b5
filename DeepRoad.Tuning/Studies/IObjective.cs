namespace DeepRoad.Tuning;

/// <summary>
/// The function a study optimises. It reads <see cref="Trial.Parameters"/>, may report intermediate values and
/// ask whether to prune, and returns the value (direction set by the study). It should honour the token.
/// </summary>
public interface IObjective
{
    /// <summary>Evaluates one trial.</summary>
    ValueTask<double> EvaluateAsync(Trial trial, CancellationToken cancellationToken);
}
