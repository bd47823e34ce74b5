namespace DeepRoad.Ensembles.Graph;

/// <summary>A member as listed by an ensemble: its info and the node that predicts for it.</summary>
internal sealed record MemberEntry(EnsembleMemberInfo Info, PredictionNode Node);
