namespace DeepRoad.Interactive;

/// <summary>
/// A chart rendered to SVG. Notebooks show it as <c>image/svg+xml</c> (after <see cref="DeepRoadFormatters.Register"/>),
/// which GitHub and Jupyter render without JavaScript.
/// </summary>
/// <param name="Title">Chart title.</param>
/// <param name="Svg">The SVG document.</param>
public sealed record SvgChart(string Title, string Svg)
{
    /// <summary>Writes the SVG to a file.</summary>
    public void Save(string path) => File.WriteAllText(path, Svg);

    /// <inheritdoc />
    public override string ToString() => $"SvgChart '{Title}' ({Svg.Length} characters)";
}
