namespace DeepRoad.Pipelines.Loading;

/// <summary>What schema inference does with a feature column that has no value at all.</summary>
public enum AllMissingColumnPolicy
{
    /// <summary>Stop with an error that names the source and the column (default).</summary>
    Error,

    /// <summary>Give it role Constant (dropped) and note it in the schema report.</summary>
    Drop,
}
