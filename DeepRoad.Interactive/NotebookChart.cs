using System.Globalization;
using System.Net;
using Plotly.NET;

namespace DeepRoad.Interactive;

/// <summary>
/// A chart in two renderings of the same data: an interactive Plotly.NET chart (<see cref="Plotly"/>) and a static SVG
/// picture (<see cref="Svg"/>, OxyPlot). In a notebook (after <see cref="DeepRoadFormatters.Register"/>) it shows as the
/// Plotly chart wherever JavaScript runs and plotly.js can be loaded, and as the SVG picture everywhere else (GitHub's
/// notebook view, an offline browser, a viewer without scripts), so an executed notebook never shows an empty box.
/// </summary>
public sealed class NotebookChart
{
    /// <summary>The plotly.js version bundled with the Plotly.NET release DeepRoad builds on; loaded from its CDN when the page has no Plotly.</summary>
    public const string PlotlyJsVersion = "2.28.0";

    internal NotebookChart(string title, GenericChart plotly, string svg, int width, int height)
    {
        Title = title;
        Plotly = plotly;
        Svg = svg;
        Width = width;
        Height = height;
    }

    /// <summary>Chart title.</summary>
    public string Title { get; }

    /// <summary>The Plotly.NET chart: restyle it with Plotly.NET, or display it directly where Plotly.NET.Interactive is loaded.</summary>
    public GenericChart Plotly { get; }

    /// <summary>The static SVG document.</summary>
    public string Svg { get; }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The Plotly figure (data and layout) as JSON.</summary>
    public string FigureJson => GenericChart.toFigureJson(Plotly);

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
    public override string ToString() => $"NotebookChart '{Title}' ({Width}x{Height})";
}
