namespace DeepRoad.Ensembles;

/// <summary>Options every ensemble shares.</summary>
public abstract record EnsembleOptionsBase
{
    /// <summary>The prepared label column (Boolean, key or Single; see docs/architecture.md).</summary>
    public string LabelColumnName { get; init; } = "Label";

    /// <summary>The feature vector column (used for random subspaces, stacking passthrough and higher layers).</summary>
    public string FeatureColumnName { get; init; } = "Features";

    /// <summary>Master seed: every fold, sample and member seed derives from it.</summary>
    public int Seed { get; init; }

    /// <summary>How many member fits run at once (results do not depend on it).</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;

    internal virtual void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelColumnName)) throw new ArgumentException("LabelColumnName must be set.", nameof(LabelColumnName));
        if (string.IsNullOrWhiteSpace(FeatureColumnName)) throw new ArgumentException("FeatureColumnName must be set.", nameof(FeatureColumnName));
        if (MaxParallelism < 1) throw new ArgumentException($"MaxParallelism must be at least 1 (got {MaxParallelism}).", nameof(MaxParallelism));
    }

    internal static void ValidateMembers(IReadOnlyList<EnsembleMember>? members, string option)
    {
        if (members is null || members.Count == 0)
            throw new ArgumentException($"{option}: an ensemble needs at least one member (got zero).", option);
        for (int i = 0; i < members.Count; i++)
        {
            if (members[i] is null) throw new ArgumentException($"{option}[{i}] is null.", option);
            if (string.IsNullOrWhiteSpace(members[i].Name)) throw new ArgumentException($"{option}[{i}] has no name.", option);
        }
        var dup = members.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new ArgumentException($"{option}: member name '{dup.Key}' is used {dup.Count()} times; names must be unique.", option);
    }
}
