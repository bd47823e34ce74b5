namespace DeepRoad.Ensembles;

/// <summary>A fitted member of an ensemble as stored in its manifest.</summary>
/// <param name="Name">Member name (bagging and boosting number their copies: <c>fasttree#3</c>).</param>
/// <param name="Layer">Stacking layer (1-based); 1 for the other kinds.</param>
/// <param name="Weight">Weight in the final combination (vote weight, AdaBoost alpha, selection share); NaN where a meta-learner combines.</param>
public sealed record EnsembleMemberInfo(string Name, int Layer, double Weight);
