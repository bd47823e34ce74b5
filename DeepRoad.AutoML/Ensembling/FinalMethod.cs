namespace DeepRoad.AutoML;

/// <summary>How the final model combines its members.</summary>
public enum FinalMethod
{
    /// <summary>One trial alone (ensembling off, or a single completed trial).</summary>
    Single,

    /// <summary>Caruana ensemble selection: a weighted average of the members' predictions.</summary>
    Selection,

    /// <summary>Stacking: a meta-learner (DeepRoad.Ensembles' default) over the members' predictions.</summary>
    Stacking,
}
