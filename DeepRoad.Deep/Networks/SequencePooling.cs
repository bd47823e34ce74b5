namespace DeepRoad.Deep.Networks;

/// <summary>How a recurrent layer's per-token outputs become one vector per text (padding is masked out).</summary>
public enum SequencePooling
{
    /// <summary>Output at the last real token.</summary>
    Last,

    /// <summary>Mean over real tokens.</summary>
    Mean,

    /// <summary>Element-wise max over real tokens.</summary>
    Max,
}
