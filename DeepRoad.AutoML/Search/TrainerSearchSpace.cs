using DeepRoad.Tuning.Spaces;

namespace DeepRoad.AutoML.Search;

/// <summary>A trainer's search space (DeepRoad.Tuning) and the library default of each parameter.</summary>
internal sealed record TrainerSearchSpace(SearchSpace Space, IReadOnlyDictionary<string, double> Defaults);
