using Microsoft.ML;

namespace DeepRoad.Ensembles;

/// <summary>
/// A named member of an ensemble: any ML.NET estimator chain (featurizer + trainer) that reads the
/// prepared data (<c>Label</c>, <c>Features</c>) and emits ML.NET's standard scored columns.
/// </summary>
/// <remarks>
/// The <see cref="Factory"/> receives a child <see cref="MLContext"/> seeded by the ensemble, so trainers
/// that draw randomness from their context are reproducible even when members are fitted in parallel.
/// A member built from a ready estimator ignores that context and is fitted as is (never mutated).
/// </remarks>
/// <param name="Name">Shown in results and in error messages.</param>
/// <param name="Factory">Creates the estimator for one fit from a seeded child context.</param>
public sealed record EnsembleMember(string Name, Func<MLContext, IEstimator<ITransformer>> Factory)
{
    /// <summary>A member from a ready estimator (its own context's randomness applies).</summary>
    public EnsembleMember(string name, IEstimator<ITransformer> estimator)
        : this(name, _ => estimator ?? throw new ArgumentNullException(nameof(estimator)))
    {
    }

    /// <summary>Creates the estimator, reporting failures with the member's name.</summary>
    internal IEstimator<ITransformer> Create(MLContext context)
    {
        try
        {
            return Factory(context) ?? throw new InvalidOperationException("the factory returned null");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not EnsembleMemberException)
        {
            throw new EnsembleMemberException(Name, $"Ensemble member '{Name}' could not be created: {ex.Message}", ex);
        }
    }
}
