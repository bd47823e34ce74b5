namespace DeepRoad.Pipelines.Images;

/// <summary>One image of a dataset: absolute path, label text, and where it came from (for error messages).</summary>
/// <param name="ImagePath">Absolute path of the image file.</param>
/// <param name="Label">The label as text (class name).</param>
/// <param name="Width">Width of the decoded image.</param>
/// <param name="Height">Height of the decoded image.</param>
/// <param name="Origin">The CSV file and line, or the class folder, the row came from.</param>
public sealed record ImageRecord(string ImagePath, string Label, int Width, int Height, string Origin);
