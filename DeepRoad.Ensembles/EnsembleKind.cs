namespace DeepRoad.Ensembles;

/// <summary>The kind of a fitted ensemble (stored in its file's manifest).</summary>
public enum EnsembleKind
{
    Bagging,
    AdaBoost,
    Stacking,
    Voting,
    Selection,
}
