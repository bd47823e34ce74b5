namespace DeepRoad.Tuning;

/// <summary>Whether the study minimises or maximises the objective value.</summary>
public enum StudyDirection
{
    /// <summary>Lower values are better (losses, errors).</summary>
    Minimize,

    /// <summary>Higher values are better (accuracy, AUC).</summary>
    Maximize,
}
