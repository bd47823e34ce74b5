namespace DeepRoad.AutoML;

/// <summary>The task AutoML solves; <see cref="Auto"/> infers it from the label column.</summary>
public enum AutoMLTask
{
    /// <summary>Two distinct labels: binary; numeric with many values: regression; otherwise multiclass.</summary>
    Auto,

    /// <summary>Binary classification.</summary>
    Binary,

    /// <summary>Multiclass classification.</summary>
    Multiclass,

    /// <summary>Regression.</summary>
    Regression,
}
