namespace DeepRoad.Deep.Networks;

/// <summary>Hidden-layer activation functions.</summary>
public enum Activation
{
    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>Gaussian error linear unit.</summary>
    GELU,

    /// <summary>Hyperbolic tangent.</summary>
    Tanh,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
}
