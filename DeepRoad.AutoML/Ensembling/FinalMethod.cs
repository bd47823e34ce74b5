namespace DeepRoad.AutoML;

/// <summary>How the final model combines its members.</summary>
public enum FinalMethod
{
    /// <summary>One trial alone (ensembling off, or a single completed trial).</summary>
    Single,

    /// <summary>
    /// A weighted average of the members' predictions: Caruana ensemble selection's weights, or equal weights for the
    /// plain average of each trainer's best trial (<see cref="AutoMLResult.UsedTrainerAverage"/>).
    /// </summary>
    Selection,

    /// <summary>Stacking: a meta-learner (DeepRoad.Ensembles' default) over the members' predictions.</summary>
    Stacking,
}
