namespace DeepRoad.Tuning;

/// <summary>Progress of a study, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Trial">The trial concerned.</param>
/// <param name="BestValue">Best value of the study after the event, if any.</param>
/// <param name="FinishedTrials">Finished trials in the study after the event.</param>
public sealed record StudyEvent(StudyEventKind Kind, FrozenTrial Trial, double? BestValue, int FinishedTrials);
