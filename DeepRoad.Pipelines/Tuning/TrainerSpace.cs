using DeepRoad.Tuning.Spaces;
using Microsoft.ML;

namespace DeepRoad.Pipelines.Tuning;

/// <summary>A trainer's search space and the factory that turns a parameter set into the trainer estimator.</summary>
/// <param name="Kind">The trainer family.</param>
/// <param name="Task">The learning task.</param>
/// <param name="Space">Hyperparameters and their ranges.</param>
/// <param name="Create">Builds the trainer (reads <c>Label</c>/<c>Features</c>) from a parameter set of <paramref name="Space"/>.</param>
public sealed record TrainerSpace(TrainerKind Kind, MLTask Task, SearchSpace Space, Func<MLContext, ParameterSet, IEstimator<ITransformer>> Create)
{
    /// <summary>The trainer with its defaults (the centre of each range for parameters without a default).</summary>
    public ParameterSet Defaults => Space.FromUnit(Enumerable.Repeat(0.5, Space.DimensionCount).ToArray());
}
