namespace DeepRoad.Ensembles;

/// <summary>How AdaBoost passes its row weights to the member.</summary>
public enum AdaBoostWeighting
{
    /// <summary>Example weights when the member requires the weight column (its trainer names it in ExampleWeightColumnName), else resampling.</summary>
    Auto,

    /// <summary>A Single column (<see cref="AdaBoostOptions.WeightColumnName"/>) the member's trainer reads as example weights.</summary>
    ExampleWeights,

    /// <summary>Weighted resampling of n rows with replacement, for trainers without example weights.</summary>
    Resample,
}
