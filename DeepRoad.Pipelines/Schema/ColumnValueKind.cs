namespace DeepRoad.Pipelines.Schema;

/// <summary>The ML.NET type a column has in the loaded <c>IDataView</c>.</summary>
public enum ColumnValueKind
{
    /// <summary>Single; NaN marks a missing value.</summary>
    Single,

    /// <summary>Boolean.</summary>
    Boolean,

    /// <summary>Text (ReadOnlyMemory&lt;char&gt;); an empty value marks a missing one.</summary>
    Text,
}
