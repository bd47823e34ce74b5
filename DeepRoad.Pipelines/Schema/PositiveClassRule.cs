namespace DeepRoad.Pipelines.Schema;

/// <summary>
/// How the positive class of a binary label is chosen when the caller does not name it:
/// the first entry of <see cref="CommonPositiveNames"/> that is one of the two classes (case-insensitive);
/// otherwise the minority class; on a tie, the second class in sorted order.
/// </summary>
public static class PositiveClassRule
{
    /// <summary>Names that usually mean "the event of interest", in priority order.</summary>
    public static IReadOnlyList<string> CommonPositiveNames { get; } =
    [
        "1", "true", "yes", "y", "t", "positive", "pos", "malignant", "spam", "toxic", "fraud", "churn",
        "default", "abnormal", "disease", "sick", "failure", "success", "good", "great", "high", ">50k",
    ];

    /// <summary>Picks the positive class of two sorted classes given their counts; returns it and why.</summary>
    public static (string Positive, string Reason) Choose(IReadOnlyList<string> sortedClasses, IReadOnlyList<int> counts)
    {
        if (sortedClasses.Count != 2) throw new ArgumentException("A binary label has exactly two classes.", nameof(sortedClasses));
        foreach (var name in CommonPositiveNames)
        {
            for (int i = 0; i < 2; i++)
            {
                if (string.Equals(sortedClasses[i], name, StringComparison.OrdinalIgnoreCase))
                    return (sortedClasses[i], $"positive class '{sortedClasses[i]}' is a common positive name");
            }
        }
        if (counts[0] < counts[1]) return (sortedClasses[0], $"positive class '{sortedClasses[0]}' is the minority class");
        if (counts[1] < counts[0]) return (sortedClasses[1], $"positive class '{sortedClasses[1]}' is the minority class");
        return (sortedClasses[1], $"classes are balanced: positive class '{sortedClasses[1]}' is the second in sorted order");
    }
}
