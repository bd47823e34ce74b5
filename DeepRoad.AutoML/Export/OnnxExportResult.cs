namespace DeepRoad.AutoML.Export;

/// <summary>What an ONNX export wrote and what it could not.</summary>
/// <param name="Files">ONNX files written (one per exported member model).</param>
/// <param name="Manifest">JSON file listing each member file with its weight, when the model has several members and at least one was exported; null for a single model or when none was.</param>
/// <param name="NotExported">One line per member model that could not be converted, with the reason.</param>
public sealed record OnnxExportResult(IReadOnlyList<string> Files, string? Manifest, IReadOnlyList<string> NotExported)
{
    /// <summary>True when every member model was exported.</summary>
    public bool Complete => NotExported.Count == 0;
}
