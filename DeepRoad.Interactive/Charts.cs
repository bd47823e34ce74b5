using DeepRoad.AutoML;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using Plotly.NET;
using Plotly.NET.CSharp;
using PlotlyChart = Plotly.NET.CSharp.Chart;

namespace DeepRoad.Interactive;

/// <summary>
/// Charts for the quantities DeepRoad notebooks show. Each is drawn twice from the same data: with Plotly.NET
/// (interactive) and with OxyPlot (a static SVG, no native code), see <see cref="NotebookChart"/>.
/// </summary>
public static class Charts
{
    /// <summary>Width and height of the charts in pixels.</summary>
    public const int Width = 640, Height = 360;

    /// <summary>One or more line series on shared axes.</summary>
    public static NotebookChart Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<(double X, double Y)> Points)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xTitle, yTitle, legend: series.Length > 1);
        var traces = new List<GenericChart>();
        foreach (var (name, points) in series)
        {
            var line = new LineSeries { Title = name, MarkerType = points.Count <= 60 ? MarkerType.Circle : MarkerType.None, MarkerSize = 2.5 };
            foreach (var (x, y) in points) line.Points.Add(new DataPoint(x, y));
            plot.Series.Add(line);
            traces.Add(PlotlyChart.Line<double, double, string>(x: points.Select(p => p.X).ToArray(), y: points.Select(p => p.Y).ToArray(),
                Name: name, ShowMarkers: points.Count <= 60, ShowLegend: series.Length > 1));
        }
        return Render(title, plot, Layout(traces, title, xTitle, yTitle, Height));
    }

    /// <summary>Best objective value found after each trial, one line per study (the standard optimisation-history plot).</summary>
    public static NotebookChart BestSoFar(string title, StudyDirection direction, params (string Name, IReadOnlyList<FrozenTrial> Trials)[] studies)
    {
        var series = studies.Select(s => (s.Name, BestSoFarPoints(s.Trials, direction))).ToArray();
        return Lines(title, "trial", direction == StudyDirection.Maximize ? "best value so far (higher is better)" : "best value so far (lower is better)", series);
    }

    /// <summary>
    /// AutoML optimisation history: the best cross-validated score so far against the trial number and against the
    /// seconds since the run started (when each completed trial finished), one line each.
    /// </summary>
    public static NotebookChart OptimisationHistory(Leaderboard leaderboard, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(leaderboard);
        var done = leaderboard.Trials.Where(t => t.State == AutoML.TrialState.Complete && t.Score is not null).ToArray();
        var byTrial = BestSoFarPoints(done.OrderBy(t => t.Number).Select(t => ((double)t.Number, t.Score!.Value)), leaderboard.HigherIsBetter);
        var byTime = BestSoFarPoints(done.OrderBy(t => (t.StartedAt + t.FitTime).TotalSeconds)
            .Select(t => ((t.StartedAt + t.FitTime).TotalSeconds, t.Score!.Value)), leaderboard.HigherIsBetter);
        string metric = MetricNames.ToName(leaderboard.Metric);
        return Lines(title ?? $"Best cross-validated {metric} so far", "trial number (solid) · seconds since start (dashed)", $"{metric} ({(leaderboard.HigherIsBetter ? "higher" : "lower")} is better)",
            ("by trial", byTrial), ("by time (s)", byTime));
    }

    /// <summary>Permutation feature importance as bars, the <paramref name="top"/> most important first.</summary>
    public static NotebookChart FeatureImportance(IEnumerable<FeatureImportance> importance, string metricName, int top = 15)
    {
        ArgumentNullException.ThrowIfNull(importance);
        return Bars($"Permutation importance (drop in {metricName}), top {top}", $"{metricName} drop",
            importance.OrderByDescending(f => f.Importance).Take(top).Select(f => (f.Column, f.Importance)));
    }

    /// <summary>The (trial number, best so far) points of completed trials.</summary>
    public static IReadOnlyList<(double X, double Y)> BestSoFarPoints(IReadOnlyList<FrozenTrial> trials, StudyDirection direction)
    {
        ArgumentNullException.ThrowIfNull(trials);
        return BestSoFarPoints(trials.Where(t => t.State == Tuning.TrialState.Complete && t.Value is not null).OrderBy(t => t.Number)
            .Select(t => ((double)(t.Number + 1), t.Value!.Value)), direction == StudyDirection.Maximize);
    }

    /// <summary>The running best of (x, value) points taken in order: the largest so far when <paramref name="higherIsBetter"/>, else the smallest.</summary>
    public static IReadOnlyList<(double X, double Y)> BestSoFarPoints(IEnumerable<(double X, double Value)> points, bool higherIsBetter)
    {
        ArgumentNullException.ThrowIfNull(points);
        var result = new List<(double, double)>();
        double best = double.NaN;
        foreach (var (x, v) in points)
        {
            if (double.IsNaN(v)) continue;
            if (double.IsNaN(best) || (higherIsBetter ? v > best : v < best)) best = v;
            result.Add((x, best));
        }
        return result;
    }

    /// <summary>Horizontal bars, largest first (feature or parameter importance).</summary>
    public static NotebookChart Bars(string title, string valueTitle, IEnumerable<(string Label, double Value)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var ordered = bars.OrderBy(b => b.Value).ToArray();   // both libraries draw the first category at the bottom
        int height = Math.Max(Height, 60 + 24 * ordered.Length);
        var plot = new PlotModel { Title = title };
        var categories = new CategoryAxis { Position = AxisPosition.Left };
        categories.Labels.AddRange(ordered.Select(b => b.Label));
        plot.Axes.Add(categories);
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = valueTitle, MinimumPadding = 0, AbsoluteMinimum = Math.Min(0, ordered.Select(b => b.Value).DefaultIfEmpty().Min()) });
        var series = new BarSeries { FillColor = OxyColor.FromRgb(0x1f, 0x77, 0xb4) };
        foreach (var b in ordered) series.Items.Add(new BarItem(b.Value));
        plot.Series.Add(series);
        var trace = PlotlyChart.Bar<double, string, string>(values: ordered.Select(b => b.Value).ToArray(), Keys: ordered.Select(b => b.Label).ToArray(), ShowLegend: false);
        return Render(title, plot, Layout([trace], title, valueTitle, "", height), height);
    }

    /// <summary>Scatter of (x, y) points with an optional y = x reference line (predicted vs actual) or y = 0 line (residuals).</summary>
    public static NotebookChart Scatter(string title, string xTitle, string yTitle, IReadOnlyList<double> x, IReadOnlyList<double> y, ReferenceLine reference = ReferenceLine.None)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        var plot = NewPlot(title, xTitle, yTitle, legend: false);
        var dots = new ScatterSeries { MarkerType = MarkerType.Circle, MarkerSize = 3, MarkerFill = OxyColor.FromAColor(160, OxyColors.SteelBlue) };
        for (int i = 0; i < x.Count; i++) dots.Points.Add(new ScatterPoint(x[i], y[i]));
        plot.Series.Add(dots);
        var traces = new List<GenericChart> { PlotlyChart.Point<double, double, string>(x: x.ToArray(), y: y.ToArray(), Name: "rows", ShowLegend: false, Opacity: 0.65) };
        if (x.Count > 0 && reference != ReferenceLine.None)
        {
            double lo = x.Min(), hi = x.Max();
            double[] ys = reference == ReferenceLine.Identity ? [lo, hi] : [0, 0];
            var line = new LineSeries { Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
            line.Points.Add(new DataPoint(lo, ys[0]));
            line.Points.Add(new DataPoint(hi, ys[1]));
            plot.Series.Add(line);
            traces.Add(DashedLine([lo, hi], ys, reference == ReferenceLine.Identity ? "y = x" : "y = 0"));
        }
        return Render(title, plot, Layout(traces, title, xTitle, yTitle, Height));
    }

    /// <summary>ROC curves: for each named series, the truth (true = positive) and the positive-class scores.</summary>
    public static NotebookChart Roc(string title, params (string Name, IReadOnlyList<bool> Truth, IReadOnlyList<double> Scores)[] curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var plot = NewPlot(title, "false positive rate", "true positive rate", legend: true);
        var traces = new List<GenericChart>();
        foreach (var (name, truth, scores) in curves)
        {
            var points = RocPoints(truth, scores);
            var line = new LineSeries { Title = name };
            foreach (var (fpr, tpr) in points) line.Points.Add(new DataPoint(fpr, tpr));
            plot.Series.Add(line);
            traces.Add(PlotlyChart.Line<double, double, string>(x: points.Select(p => p.Fpr).ToArray(), y: points.Select(p => p.Tpr).ToArray(), Name: name));
        }
        var chance = new LineSeries { Title = "chance", Color = OxyColors.Gray, LineStyle = LineStyle.Dash };
        chance.Points.Add(new DataPoint(0, 0));
        chance.Points.Add(new DataPoint(1, 1));
        plot.Series.Add(chance);
        traces.Add(DashedLine([0, 1], [0, 1], "chance"));
        return Render(title, plot, Layout(traces, title, "false positive rate", "true positive rate", Height));
    }

    /// <summary>ROC points (false positive rate, true positive rate), thresholds at every distinct score, ties grouped.</summary>
    public static IReadOnlyList<(double Fpr, double Tpr)> RocPoints(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(scores);
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

    private static GenericChart DashedLine(double[] x, double[] y, string name) =>
        PlotlyChart.Line<double, double, string>(x: x, y: y, Name: name, LineDash: StyleParam.DrawingStyle.Dash, LineColor: Color.fromString("gray"));

    private static GenericChart Layout(IReadOnlyList<GenericChart> traces, string title, string xTitle, string yTitle, int height)
    {
        var chart = PlotlyChart.Combine(traces);
        chart = Plotly.NET.Chart.withTitle(title, null).Invoke(chart);
        return chart.WithXAxisStyle<double, double, string>(TitleText: xTitle).WithYAxisStyle<double, double, string>(TitleText: yTitle).WithSize(Width, height);
    }

    private static PlotModel NewPlot(string title, string xTitle, string yTitle, bool legend)
    {
        var plot = new PlotModel { Title = title };
        if (legend) plot.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomRight, LegendPlacement = LegendPlacement.Inside });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = xTitle, MajorGridlineStyle = LineStyle.Dot });
        plot.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = yTitle, MajorGridlineStyle = LineStyle.Dot });
        return plot;
    }

    private static NotebookChart Render(string title, PlotModel plot, GenericChart plotly, int height = Height)
    {
        using var stream = new MemoryStream();
        new SvgExporter { Width = Width, Height = height }.Export(plot, stream);
        return new NotebookChart(title, plotly, System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimStart('\uFEFF'), Width, height);
    }
}
