namespace DeepRoad.Deep.Training;

/// <summary>Gradient-descent optimizers available to DeepRoad's deep estimators.</summary>
public enum OptimizerKind
{
    /// <summary>Stochastic gradient descent with optional momentum and Nesterov momentum.</summary>
    Sgd,

    /// <summary>Adam (L2 as coupled weight decay).</summary>
    Adam,

    /// <summary>AdamW (decoupled weight decay).</summary>
    AdamW,

    /// <summary>RMSprop.</summary>
    RmsProp,

    /// <summary>Adagrad.</summary>
    Adagrad,

    /// <summary>Adadelta.</summary>
    Adadelta,
}
