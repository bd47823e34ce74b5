using DeepRoad.Tuning;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace DeepRoad.Interactive;

/// <summary>SVG charts (OxyPlot, no native code) for the quantities DeepRoad notebooks show.</summary>
public static class Charts
{
    /// <summary>Width and height of the charts in pixels.</summary>
    public const int Width = 640, Height = 360;

    /// <summary>One or more line series on shared axes.</summary>
    public static SvgChart Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<(double X, double Y)> Points)[] series)
    {
        var plot = NewPlot(title, xTitle, yTitle, legend: series.Length > 1);
        foreach (var (name, points) in series)
        {
            var line = new LineSeries { Title = name, MarkerType = points.Count <= 60 ? MarkerType.Circle : MarkerType.None, MarkerSize = 2.5 };
            foreach (var (x, y) in points) line.Points.Add(new DataPoint(x, y));
            plot.Series.Add(line);
        }
        return Render(title, plot);
    }

    /// <summary>Best objective value found after each trial, one line per study (the standard optimisation-history plot).</summary>
    public static SvgChart BestSoFar(string title, StudyDirection direction, params (string Name, IReadOnlyList<FrozenTrial> Trials)[] studies)
    {
        var series = studies.Select(s => (s.Name, (IReadOnlyList<(double, double)>)BestSoFarPoints(s.Trials, direction))).ToArray();
        return Lines(title, "trial", direction == StudyDirection.Maximize ? "best value so far (higher is better)" : "best value so far (lower is better)", series);
    }

    /// <summary>The (trial number, best so far) points of completed trials.</summary>
    public static IReadOnlyList<(double X, double Y)> BestSoFarPoints(IReadOnlyList<FrozenTrial> trials, StudyDirection direction)
    {
        var points = new List<(double, double)>();
        double best = double.NaN;
        foreach (var t in trials.Where(t => t.State == TrialState.Complete && t.Value is not null).OrderBy(t => t.Number))
        {
            double v = t.Value!.Value;
            if (double.IsNaN(best) || (direction == StudyDirection.Maximize ? v > best : v < best)) best = v;
            points.Add((t.Number + 1, best));
        }
        return points;
    }

    /// <summary>Horizontal bars, largest first (feature or parameter importance).</summary>
    public static SvgChart Bars(string title, string valueTitle, IEnumerable<(string Label, double Value)> bars)
    {
        var ordered = bars.OrderBy(b => b.Value).ToArray();   // OxyPlot draws the first category at the bottom
        var plot = new PlotModel { Title = title };
        var categories = new CategoryAxis { Position = AxisPosition.Left };
        categories.Labels.AddRange(ordered.Select(b => b.Label));
        plot.Axes.Add(categories);
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = valueTitle, MinimumPadding = 0, AbsoluteMinimum = Math.Min(0, ordered.Select(b => b.Value).DefaultIfEmpty().Min()) });
        var series = new BarSeries { FillColor = OxyColor.FromRgb(0x1f, 0x77, 0xb4) };
        foreach (var b in ordered) series.Items.Add(new BarItem(b.Value));
        plot.Series.Add(series);
        return Render(title, plot, Math.Max(Height, 60 + 24 * ordered.Length));
    }

    /// <summary>Scatter of (x, y) points with an optional y = x reference line (predicted vs actual) or y = 0 line (residuals).</summary>
    public static SvgChart Scatter(string title, string xTitle, string yTitle, IReadOnlyList<double> x, IReadOnlyList<double> y, ReferenceLine reference = ReferenceLine.None)
    {
        var plot = NewPlot(title, xTitle, yTitle, legend: false);
        var dots = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = OxyColor.FromAColor(160, OxyColors.SteelBlue) };
        for (int i = 0; i < x.Count; i++) dots.Points.Add(new ScatterPoint(x[i], y[i]));
        plot.Series.Add(dots);
        if (x.Count > 0 && reference != ReferenceLine.None)
        {
            double lo = x.Min(), hi = x.Max();
            var line = new LineSeries { Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
            line.Points.Add(new DataPoint(lo, reference == ReferenceLine.Identity ? lo : 0));
            line.Points.Add(new DataPoint(hi, reference == ReferenceLine.Identity ? hi : 0));
            plot.Series.Add(line);
        }
        return Render(title, plot);
    }

    /// <summary>ROC curves: for each named series, the truth (true = positive) and the positive-class scores.</summary>
    public static SvgChart Roc(string title, params (string Name, IReadOnlyList<bool> Truth, IReadOnlyList<double> Scores)[] curves)
    {
        var plot = NewPlot(title, "false positive rate", "true positive rate", legend: true);
        foreach (var (name, truth, scores) in curves)
        {
            var line = new LineSeries { Title = name };
            foreach (var (fpr, tpr) in RocPoints(truth, scores)) line.Points.Add(new DataPoint(fpr, tpr));
            plot.Series.Add(line);
        }
        var chance = new LineSeries { Title = "chance", Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
        chance.Points.Add(new DataPoint(0, 0));
        chance.Points.Add(new DataPoint(1, 1));
        plot.Series.Add(chance);
        return Render(title, plot);
    }

    /// <summary>ROC points (false positive rate, true positive rate), thresholds at every distinct score, ties grouped.</summary>
    public static IReadOnlyList<(double Fpr, double Tpr)> RocPoints(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        if (truth.Count != scores.Count) throw new ArgumentException($"truth has {truth.Count} rows but scores has {scores.Count}.");
        int pos = truth.Count(t => t), neg = truth.Count - pos;
        if (pos == 0 || neg == 0) throw new ArgumentException("ROC needs both classes in the truth.");
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var points = new List<(double, double)> { (0, 0) };
        int tp = 0, fp = 0;
        for (int k = 0; k < order.Length; k++)
        {
            if (truth[order[k]]) tp++; else fp++;
            if (k + 1 == order.Length || scores[order[k + 1]] != scores[order[k]]) points.Add(((double)fp / neg, (double)tp / pos));
        }
        return points;
    }

    private static PlotModel NewPlot(string title, string xTitle, string yTitle, bool legend)
    {
        var plot = new PlotModel { Title = title };
        if (legend) plot.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight, LegendPlacement = LegendPlacement.Inside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MajorGridlineStyle = LineStyle.Dot });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle, MajorGridlineStyle = LineStyle.Dot });
        return plot;
    }

    private static SvgChart Render(string title, PlotModel plot, int height = Height)
    {
        using var stream = new MemoryStream();
        new SvgExporter { Width = Width, Height = height }.Export(plot, stream);
        return new SvgChart(title, System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF'));
    }
}
