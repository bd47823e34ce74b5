namespace DeepRoad.Interactive;

/// <summary>How a <see cref="ChartTrace"/> is drawn.</summary>
public enum TraceKind
{
    /// <summary>Points joined by a line (markers too when <see cref="ChartTrace.Markers"/>).</summary>
    Line,
    /// <summary>Unjoined markers.</summary>
    Points,
    /// <summary>Horizontal bars: <see cref="ChartTrace.Y"/> holds the lengths, <see cref="ChartTrace.Categories"/> the labels.</summary>
    HorizontalBars,
}

/// <summary>One series of a chart, in the terms both renderers (plotly.js / Plotly.NET and OxyPlot) understand.</summary>
/// <param name="Kind">How it is drawn.</param>
/// <param name="Name">Legend entry.</param>
/// <param name="X">X values (null for bars).</param>
/// <param name="Y">Y values, or the bar lengths.</param>
/// <param name="Categories">Bar labels, bottom first (bars only).</param>
/// <param name="Markers">Markers on a line.</param>
/// <param name="Reference">A dashed grey reference line (chance, y = x, y = 0), not data.</param>
/// <param name="ShowLegend">Whether the legend lists it.</param>
public sealed record ChartTrace(
    TraceKind Kind,
    string Name,
    IReadOnlyList<double>? X,
    IReadOnlyList<double> Y,
    IReadOnlyList<string>? Categories = null,
    bool Markers = false,
    bool Reference = false,
    bool ShowLegend = true);
