using DeepRoad.Pipelines;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Small, capped members for tests.</summary>
internal static class Members
{
    public static readonly EnsembleMembers.Sizes Small = new(Trees: 30, Leaves: 8, LinearIterations: 20);

    public static EnsembleMember Get(MemberTrainer t, MLTask task, string? weight = null) => EnsembleMembers.Create(t, task, Small, weight);

    public static IReadOnlyList<EnsembleMember> Trio(MLTask task) =>
    [
        Get(MemberTrainer.FastTree, task),
        Get(MemberTrainer.LightGbm, task),
        Get(MemberTrainer.Sdca, task),
    ];
}
