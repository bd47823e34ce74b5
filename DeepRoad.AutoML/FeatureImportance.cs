namespace DeepRoad.AutoML;

/// <summary>Permutation importance of one input column: how much the metric gets worse when its values are shuffled.</summary>
/// <param name="Column">Input column name.</param>
/// <param name="Importance">Mean drop of the metric (positive = the column helps), in the metric's units.</param>
/// <param name="StdDev">Standard deviation over repeats.</param>
public sealed record FeatureImportance(string Column, double Importance, double StdDev);
