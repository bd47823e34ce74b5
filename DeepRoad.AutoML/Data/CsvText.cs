namespace DeepRoad.AutoML.Data;

/// <summary>A header plus string cells (null = missing), read from a view loaded by DeepRoad.Pipelines or from input rows.</summary>
internal sealed class CsvText
{
    public required string Path { get; init; }
    public required string[] Header { get; init; }
    public required List<string?[]> Rows { get; init; }
}
