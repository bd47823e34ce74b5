namespace DeepRoad.Deep.Estimators;

/// <summary>The JSON part of a saved deep model.</summary>
internal sealed record ModelHeader(
    DeepEstimatorSettings Settings,
    InputLayout Layout,
    int Classes,
    string[]? ClassNames,
    float[]? Mean,
    float[]? Std,
    float TargetMean,
    float TargetStd);
