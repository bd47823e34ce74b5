using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace DeepRoad.AutoML.Reporting;

/// <summary>OxyPlot charts exported as inline SVG (no script, no network).</summary>
internal static class Charts
{
    public static string Svg(PlotModel model, double width = 640, double height = 360)
    {
        model.Background = OxyColors.White;
        var svg = SvgExporter.ExportToString(model, width, height, false);
        // Drop the XML prolog / doctype so the SVG can be inlined in HTML.
        int i = svg.IndexOf("<svg", StringComparison.Ordinal);
        return i > 0 ? svg[i..] : svg;
    }

    private static PlotModel Model(string title) => new() { Title = title, TitleFontSize = 14, DefaultFontSize = 11 };

    public static string History(IReadOnlyList<TrialRecord> trials, bool higher, string metric, bool byTime)
    {
        var m = Model(byTime ? "Best-so-far over time" : "Best-so-far over trials");
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = byTime ? "seconds" : "trial" });
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = metric });
        var scatter = new ScatterSeries { Title = "trial", MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = OxyColor.FromAColor(140, OxyColors.SteelBlue) };
        var line = new LineSeries { Title = "best so far", Color = OxyColors.OrangeRed, StrokeThickness = 2, LineStyle = LineStyle.Solid };
        double? best = null;
        foreach (var t in trials.Where(t => t.State == TrialState.Complete).OrderBy(t => byTime ? (t.StartedAt + t.FitTime).TotalSeconds : t.Number))
        {
            double x = byTime ? (t.StartedAt + t.FitTime).TotalSeconds : t.Number;
            double s = t.Score!.Value;
            scatter.Points.Add(new ScatterPoint(x, s));
            if (best is null || (higher ? s > best : s < best))
            {
                if (best is not null) line.Points.Add(new DataPoint(x, best.Value));
                best = s;
            }
            line.Points.Add(new DataPoint(x, best.Value));
        }
        m.Series.Add(scatter);
        m.Series.Add(line);
        m.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight });
        return Svg(m);
    }

    public static string ParallelCoordinates(AutoMLTrainer trainer, IReadOnlyList<TrialRecord> trials, IReadOnlyList<(string Name, double Min, double Max, bool Log)> dims, bool higher)
    {
        var m = Model($"Parallel coordinates: {trainer} trials (darker = better)");
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Minimum = -0.05, Maximum = 1.05, Title = "position in range" });
        var cat = new LinearAxis { Position = AxisPosition.Bottom, Minimum = -0.2, Maximum = dims.Count - 0.8, MajorStep = 1, MinorStep = 1, Title = "" };
        cat.LabelFormatter = v => v >= 0 && v < dims.Count && Math.Abs(v - Math.Round(v)) < 1e-9 ? dims[(int)Math.Round(v)].Name : "";
        m.Axes.Add(cat);
        var done = trials.Where(t => t.Score is not null).ToList();
        if (done.Count == 0) return Svg(m);
        double lo = done.Min(t => t.Score!.Value), hi = done.Max(t => t.Score!.Value);
        foreach (var t in done.OrderBy(t => higher ? t.Score : -t.Score))
        {
            double q = hi > lo ? (t.Score!.Value - lo) / (hi - lo) : 1;
            if (!higher) q = 1 - q;
            var color = OxyColor.FromArgb((byte)(60 + 195 * q), (byte)(200 - 170 * q), (byte)(120 - 90 * q), (byte)(255 - 100 * q));
            var s = new LineSeries { Color = color, StrokeThickness = 1 + q };
            for (int i = 0; i < dims.Count; i++)
            {
                var d = dims[i];
                double v = t.Parameters.GetValueOrDefault(d.Name, d.Min);
                double u = d.Max <= d.Min ? 0.5 : d.Log ? (Math.Log(v) - Math.Log(d.Min)) / (Math.Log(d.Max) - Math.Log(d.Min)) : (v - d.Min) / (d.Max - d.Min);
                s.Points.Add(new DataPoint(i, Math.Clamp(u, 0, 1)));
            }
            m.Series.Add(s);
        }
        return Svg(m, 760, 360);
    }

    public static string HorizontalBars(string title, IReadOnlyList<(string Label, double Value)> items, string valueTitle)
    {
        var m = Model(title);
        var cat = new CategoryAxis { Position = AxisPosition.Left, IsZoomEnabled = false };
        foreach (var i in items) cat.Labels.Add(i.Label);
        m.Axes.Add(cat);
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = valueTitle, MinimumPadding = 0, AbsoluteMinimum = Math.Min(0, items.Select(i => i.Value).DefaultIfEmpty(0).Min()) });
        var bars = new BarSeries { FillColor = OxyColors.SteelBlue, LabelPlacement = LabelPlacement.Outside, LabelFormatString = "{0:0.###}" };
        foreach (var i in items) bars.Items.Add(new BarItem(i.Value));
        m.Series.Add(bars);
        return Svg(m, 640, Math.Max(180, 60 + 26 * items.Count));
    }

    public static string Confusion(int[,] c, IReadOnlyList<string> classes)
    {
        int k = classes.Count;
        var m = Model("Confusion matrix (validation, rows = true class)");
        var x = new CategoryAxis { Position = AxisPosition.Bottom, Title = "predicted" };
        var y = new CategoryAxis { Position = AxisPosition.Left, Title = "true", StartPosition = 1, EndPosition = 0 };
        foreach (var n in classes) { x.Labels.Add(n); y.Labels.Add(n); }
        m.Axes.Add(x);
        m.Axes.Add(y);
        m.Axes.Add(new LinearColorAxis { Position = AxisPosition.Right, Palette = OxyPalette.Interpolate(100, OxyColors.White, OxyColors.SteelBlue, OxyColors.MidnightBlue), Minimum = 0 });
        var data = new double[k, k];
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) data[j, i] = c[i, j];
        m.Series.Add(new HeatMapSeries
        {
            X0 = 0, X1 = k - 1, Y0 = 0, Y1 = k - 1, Data = data, Interpolate = false, RenderMethod = HeatMapRenderMethod.Rectangles,
            LabelFontSize = 0.25, LabelFormatString = "0", CoordinateDefinition = HeatMapCoordinateDefinition.Center,
        });
        double side = Math.Min(640, 220 + 40 * k);
        return Svg(m, side + 80, side);
    }

    public static string Roc(IReadOnlyList<(string Name, IReadOnlyList<(double Fpr, double Tpr)> Curve, double Auc)> curves)
    {
        var m = Model("ROC curve (validation predictions)");
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "false positive rate", Minimum = 0, Maximum = 1 });
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "true positive rate", Minimum = 0, Maximum = 1 });
        m.Series.Add(new LineSeries { Points = { new DataPoint(0, 0), new DataPoint(1, 1) }, Color = OxyColors.Gray, LineStyle = LineStyle.Dash });
        foreach (var c in curves)
        {
            var s = new LineSeries { Title = $"{c.Name} (AUC {c.Auc.ToString("0.###", CultureInfo.InvariantCulture)})", StrokeThickness = 2 };
            foreach (var (f, t) in c.Curve) s.Points.Add(new DataPoint(f, t));
            m.Series.Add(s);
        }
        m.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight });
        return Svg(m, 480, 420);
    }

    public static string Residuals(IReadOnlyList<(double Predicted, double Residual)> points)
    {
        var m = Model("Residuals (validation): truth - prediction");
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = "predicted" });
        m.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = "residual" });
        var s = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 2.5, MarkerFill = OxyColor.FromAColor(150, OxyColors.SteelBlue) };
        foreach (var (p, r) in points) s.Points.Add(new ScatterPoint(p, r));
        m.Series.Add(s);
        if (points.Count > 0)
        {
            double lo = points.Min(p => p.Predicted), hi = points.Max(p => p.Predicted);
            m.Series.Add(new LineSeries { Points = { new DataPoint(lo, 0), new DataPoint(hi, 0) }, Color = OxyColors.OrangeRed });
        }
        return Svg(m);
    }
}
