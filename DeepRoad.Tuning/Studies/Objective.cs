using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning;

/// <summary>Adapters from delegates to <see cref="IObjective"/>.</summary>
public static class Objective
{
    /// <summary>A synchronous objective of the parameters only (run on the worker's thread).</summary>
    public static IObjective Create(Func<ParameterSet, double> evaluate) => new Delegating((t, _) => ValueTask.FromResult(evaluate(t.Parameters)));

    /// <summary>A synchronous objective with access to the trial (reporting, pruning) and the token.</summary>
    public static IObjective Create(Func<Trial, CancellationToken, double> evaluate) => new Delegating((t, ct) => ValueTask.FromResult(evaluate(t, ct)));

    /// <summary>An asynchronous objective.</summary>
    public static IObjective Create(Func<Trial, CancellationToken, ValueTask<double>> evaluate) => new Delegating(evaluate);

    private sealed class Delegating(Func<Trial, CancellationToken, ValueTask<double>> f) : IObjective
    {
        public ValueTask<double> EvaluateAsync(Trial trial, CancellationToken cancellationToken) => f(trial, cancellationToken);
    }
}
