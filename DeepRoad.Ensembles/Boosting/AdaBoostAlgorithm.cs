namespace DeepRoad.Ensembles;

/// <summary>AdaBoost variant for classification (regression always uses AdaBoost.R2).</summary>
public enum AdaBoostAlgorithm
{
    /// <summary>Discrete SAMME (Zhu et al. 2009): weighted votes of predicted labels.</summary>
    Samme,

    /// <summary>Real SAMME.R: members' log-probabilities; needs members with probabilities.</summary>
    SammeR,
}
