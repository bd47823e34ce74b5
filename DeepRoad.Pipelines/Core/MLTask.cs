namespace DeepRoad.Pipelines;

/// <summary>The learning task of a dataset: what kind of label is predicted.</summary>
public enum MLTask
{
    /// <summary>Two classes; ML.NET label type is Boolean, outputs Score/Probability/PredictedLabel.</summary>
    BinaryClassification,

    /// <summary>Three or more classes; ML.NET label is a key type, outputs Score vector and PredictedLabel.</summary>
    MulticlassClassification,

    /// <summary>A real-valued label (Single); outputs Score.</summary>
    Regression,
}
