namespace DeepRoad.AutoML.Data;

/// <summary>One input column as AutoML inferred it.</summary>
/// <param name="Name">Column name in the data file.</param>
/// <param name="Kind">Inferred role.</param>
/// <param name="MissingCount">Missing cells in the training data.</param>
/// <param name="DistinctCount">Distinct non-missing values in the training data.</param>
public sealed record ColumnInfo(string Name, ColumnKind Kind, int MissingCount, int DistinctCount)
{
    /// <summary>True when the column feeds the model (not dropped).</summary>
    public bool IsFeature => Kind is ColumnKind.Numeric or ColumnKind.Categorical or ColumnKind.Text or ColumnKind.ImagePath;

    /// <summary>True when the column is stored as text (everything except numbers).</summary>
    public bool IsString => Kind != ColumnKind.Numeric;
}
