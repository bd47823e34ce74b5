namespace DeepRoad.Ensembles;

/// <summary>How classification members are combined.</summary>
public enum VotingMode
{
    /// <summary>Weighted average of class probabilities (members must output probabilities).</summary>
    Soft,

    /// <summary>Weighted majority of predicted labels.</summary>
    Hard,
}
