namespace DeepRoad.Pipelines.Cleaning;

/// <summary>The cleaning steps, in the order they run.</summary>
public enum CleaningStep
{
    /// <summary>Identical rows removed (training data only).</summary>
    DuplicateRemoval,

    /// <summary>Constant and identifier columns dropped.</summary>
    DropColumns,

    /// <summary>A Boolean column "&lt;name&gt;_missing" added for a column with missing values.</summary>
    MissingIndicator,

    /// <summary>Missing values filled.</summary>
    Imputation,

    /// <summary>Numeric values clipped to training bounds.</summary>
    OutlierClipping,

    /// <summary>Rare (and, at prediction time, unseen) categories replaced by "__rare__".</summary>
    RareCategoryFolding,
}
