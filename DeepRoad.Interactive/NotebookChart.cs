using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using Plotly.NET;
using PlotlyChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace DeepRoad.Interactive;

/// <summary>
/// A chart described once (<see cref="Traces"/>, titles, size) and rendered three ways: a plotly.js figure
/// (<see cref="FigureJson"/>), a Plotly.NET chart (<see cref="ToPlotlyNet"/>) and a static SVG picture (<see cref="Svg"/>,
/// OxyPlot). In a notebook (after <see cref="DeepRoadFormatters.Register"/>) it shows as the interactive Plotly chart
/// wherever JavaScript runs and plotly.js can be loaded, and as the SVG picture everywhere else (GitHub's notebook view,
/// an offline browser, a viewer without scripts), so an executed notebook never shows an empty box.
/// </summary>
public sealed class NotebookChart
{
    /// <summary>The plotly.js version of the Plotly.NET release DeepRoad builds on; loaded from the plotly CDN when the page has no Plotly.</summary>
    public const string PlotlyJsVersion = "2.28.0";

    private readonly Lazy<string> _svg;
    private readonly Lazy<string> _figure;

    /// <summary>Describes a chart; the renderings are made on first use.</summary>
    public NotebookChart(string title, string xTitle, string yTitle, IReadOnlyList<ChartTrace> traces, int width = Charts.Width, int height = Charts.Height, bool legend = true)
    {
        ArgumentNullException.ThrowIfNull(traces);
        if (width < 50 || height < 50) throw new ArgumentException($"Chart '{title}': width and height must be at least 50 pixels (got {width}x{height}).");
        Title = title;
        XTitle = xTitle;
        YTitle = yTitle;
        Traces = traces;
        Width = width;
        Height = height;
        Legend = legend;
        _svg = new(RenderSvg);
        _figure = new(RenderFigure);
    }

    /// <summary>Chart title.</summary>
    public string Title { get; }

    /// <summary>X-axis title (the value axis for bars).</summary>
    public string XTitle { get; }

    /// <summary>Y-axis title.</summary>
    public string YTitle { get; }

    /// <summary>The series.</summary>
    public IReadOnlyList<ChartTrace> Traces { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Whether a legend is drawn.</summary>
    public bool Legend { get; }

    /// <summary>The static SVG document (OxyPlot).</summary>
    public string Svg => _svg.Value;

    /// <summary>The plotly.js figure (<c>{"data": [...], "layout": {...}}</c>) as JSON.</summary>
    public string FigureJson => _figure.Value;

    /// <summary>
    /// The same chart as a Plotly.NET <see cref="GenericChart"/>, to restyle with Plotly.NET or show with Plotly.NET.Interactive.
    /// Plotly.NET 6 needs FSharp.Core 10.1; a host that has already loaded an older FSharp.Core (dotnet-repl 0.3.259's F#
    /// kernel loads 10.0) cannot load it, and this method then throws. The notebook display does not depend on it.
    /// </summary>
    public GenericChart ToPlotlyNet()
    {
        var parts = Traces.Select(t => t.Kind switch
        {
            TraceKind.HorizontalBars => PlotlyChart.Bar<double, string, string>(values: t.Y.ToArray(), Keys: (t.Categories ?? []).ToArray(), Name: t.Name, ShowLegend: Legend && t.ShowLegend),
            TraceKind.Points => PlotlyChart.Point<double, double, string>(x: (t.X ?? []).ToArray(), y: t.Y.ToArray(), Name: t.Name, ShowLegend: Legend && t.ShowLegend, Opacity: 0.65),
            _ when t.Reference => PlotlyChart.Line<double, double, string>(x: (t.X ?? []).ToArray(), y: t.Y.ToArray(), Name: t.Name, ShowLegend: Legend && t.ShowLegend,
                LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("gray")),
            _ => PlotlyChart.Line<double, double, string>(x: (t.X ?? []).ToArray(), y: t.Y.ToArray(), Name: t.Name, ShowMarkers: t.Markers, ShowLegend: Legend && t.ShowLegend),
        }).ToArray();
        var chart = Plotly.NET.Chart.withTitle(Title, null).Invoke(PlotlyChart.Combine(parts));
        return chart.WithXAxisStyle<double, double, string>(TitleText: XTitle).WithYAxisStyle<double, double, string>(TitleText: YTitle).WithSize(Width, Height);
    }

    /// <summary>
    /// HTML fragment for a notebook cell: a box holding the SVG picture, which a small script replaces by the Plotly
    /// chart once plotly.js is available (already on the page, through require.js, or from the plotly CDN).
    /// </summary>
    public string ToHtml()
    {
        string id = "deeproad-chart-" + Guid.NewGuid().ToString("N");
        string figure = FigureJson.Replace("</", "<\\/", StringComparison.Ordinal);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            <div id="{{id}}" class="deeproad-chart" title="{{WebUtility.HtmlEncode(Title)}}" style="width:{{Width}}px;min-height:{{Height}}px">{{Svg}}</div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              var url = "https://cdn.plot.ly/plotly-{{PlotlyJsVersion}}.min";
              function draw(Plotly) {
                var box = document.getElementById("{{id}}");
                if (!box || !Plotly || !Plotly.newPlot) return;
                box.innerHTML = "";
                Plotly.newPlot(box, figure.data, figure.layout, { responsive: true });
              }
              if (window.Plotly) { draw(window.Plotly); return; }
              if (typeof window.require === "function" && typeof window.requirejs === "function") {
                window.require.config({ paths: { plotly: url } });
                window.require(["plotly"], draw, function () { });
                return;
              }
              var script = document.createElement("script");
              script.src = url + ".js";
              script.onload = function () { draw(window.Plotly); };
              document.head.appendChild(script);
            })();
            </script>
            """);
    }

    /// <summary>Writes the chart: <c>.svg</c> writes the static picture, <c>.html</c> a page with the interactive chart (SVG fallback offline).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".svg":
                File.WriteAllText(path, Svg);
                break;
            case ".html" or ".htm":
                File.WriteAllText(path, $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(Title)}</title></head><body>\n{ToHtml()}\n</body></html>\n");
                break;
            default:
                throw new ArgumentException($"Cannot save chart '{Title}' to '{path}': use a .svg or .html file name.", nameof(path));
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"NotebookChart '{Title}' ({Traces.Count} series, {Width}x{Height})";

    private string RenderFigure()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var t in Traces)
            {
                w.WriteStartObject();
                w.WriteString("type", t.Kind == TraceKind.HorizontalBars ? "bar" : "scatter");
                w.WriteString("name", t.Name);
                w.WriteBoolean("showlegend", Legend && t.ShowLegend);
                if (t.Kind == TraceKind.HorizontalBars)
                {
                    w.WriteString("orientation", "h");
                    Numbers(w, "x", t.Y);
                    w.WriteStartArray("y");
                    foreach (var c in t.Categories ?? []) w.WriteStringValue(c);
                    w.WriteEndArray();
                }
                else
                {
                    w.WriteString("mode", t.Kind == TraceKind.Points ? "markers" : t.Markers ? "lines+markers" : "lines");
                    Numbers(w, "x", t.X ?? []);
                    Numbers(w, "y", t.Y);
                    if (t.Kind == TraceKind.Points) w.WriteNumber("opacity", 0.65);
                    if (t.Reference)
                    {
                        w.WriteStartObject("line");
                        w.WriteString("color", "gray");
                        w.WriteString("dash", "dash");
                        w.WriteEndObject();
                    }
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("layout");
            w.WriteNumber("width", Width);
            w.WriteNumber("height", Height);
            w.WriteStartObject("title");
            w.WriteString("text", Title);
            w.WriteEndObject();
            Axis(w, "xaxis", XTitle);
            Axis(w, "yaxis", YTitle);
            if (Traces.Any(t => t.Kind == TraceKind.HorizontalBars))
            {
                w.WriteStartObject("margin");
                w.WriteNumber("l", Math.Clamp(8 * Traces.SelectMany(t => t.Categories ?? []).Select(c => c.Length).DefaultIfEmpty(4).Max(), 60, 320));
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());

        static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
        {
            w.WriteStartArray(name);
            foreach (var v in values)
                if (double.IsFinite(v)) w.WriteNumberValue(v); else w.WriteNullValue();
            w.WriteEndArray();
        }

        static void Axis(Utf8JsonWriter w, string name, string title)
        {
            w.WriteStartObject(name);
            w.WriteStartObject("title");
            w.WriteString("text", title);
            w.WriteEndObject();
            w.WriteBoolean("automargin", true);
            w.WriteEndObject();
        }
    }

    private string RenderSvg()
    {
        var plot = new PlotModel { Title = Title };
        var bars = Traces.FirstOrDefault(t => t.Kind == TraceKind.HorizontalBars);
        if (bars is not null)
        {
            var categories = new CategoryAxis { Position = AxisPosition.Left, Title = YTitle };
            categories.Labels.AddRange(bars.Categories ?? []);
            plot.Axes.Add(categories);
            plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = XTitle, MinimumPadding = 0, AbsoluteMinimum = Math.Min(0, bars.Y.DefaultIfEmpty().Min()) });
            var series = new BarSeries { FillColor = OxyColor.FromRgb(0x1f, 0x77, 0xb4) };
            foreach (var v in bars.Y) series.Items.Add(new BarItem(v));
            plot.Series.Add(series);
        }
        else
        {
            if (Legend && Traces.Count(t => t.ShowLegend) > 1)
                plot.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight, LegendPlacement = LegendPlacement.Inside });
            plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = XTitle, MajorGridlineStyle = LineStyle.Dot });
            plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = YTitle, MajorGridlineStyle = LineStyle.Dot });
            foreach (var t in Traces)
            {
                var x = t.X ?? [];
                if (t.Kind == TraceKind.Points)
                {
                    var dots = new ScatterSeries { Title = t.ShowLegend ? t.Name : null, MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = OxyColor.FromAColor(160, OxyColors.SteelBlue) };
                    for (int i = 0; i < Math.Min(x.Count, t.Y.Count); i++) dots.Points.Add(new ScatterPoint(x[i], t.Y[i]));
                    plot.Series.Add(dots);
                    continue;
                }
                var line = t.Reference
                    ? new LineSeries { Title = t.ShowLegend ? t.Name : null, Color = OxyColors.Gray, LineStyle = LineStyle.Dash }
                    : new LineSeries { Title = t.ShowLegend ? t.Name : null, MarkerType = t.Markers ? MarkerType.Circle : MarkerType.None, MarkerSize = 2.5 };
                for (int i = 0; i < Math.Min(x.Count, t.Y.Count); i++) line.Points.Add(new DataPoint(x[i], t.Y[i]));
                plot.Series.Add(line);
            }
        }
        using var stream = new MemoryStream();
        new SvgExporter { Width = Width, Height = Height }.Export(plot, stream);
        return Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF');
    }
}
