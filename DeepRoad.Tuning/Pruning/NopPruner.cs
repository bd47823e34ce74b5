namespace DeepRoad.Tuning.Pruning;

/// <summary>Never prunes.</summary>
public sealed class NopPruner : IPruner
{
    /// <summary>The shared instance.</summary>
    public static NopPruner Instance { get; } = new();

    /// <inheritdoc />
    public bool ShouldPrune(FrozenTrial trial, IReadOnlyList<FrozenTrial> others, StudyDirection direction) => false;
}
