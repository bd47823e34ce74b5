namespace DeepRoad.Ensembles;

/// <summary>AdaBoost.R2 (Drucker 1997) loss on errors scaled by the round's largest error.</summary>
public enum AdaBoostLoss
{
    Linear,
    Square,
    Exponential,
}
