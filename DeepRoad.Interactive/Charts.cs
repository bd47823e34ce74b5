using DeepRoad.AutoML;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning;

namespace DeepRoad.Interactive;

/// <summary>
/// Charts for the quantities DeepRoad notebooks show. Each returns a <see cref="NotebookChart"/>: an interactive
/// plotly.js chart with a static SVG picture (OxyPlot) in its place wherever scripts cannot run.
/// </summary>
public static class Charts
{
    /// <summary>Default width and height of the charts in pixels.</summary>
    public const int Width = 640, Height = 360;

    /// <summary>One or more line series on shared axes.</summary>
    public static NotebookChart Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<(double X, double Y)> Points)[] series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var traces = series.Select(s => new ChartTrace(TraceKind.Line, s.Name, s.Points.Select(p => p.X).ToArray(), s.Points.Select(p => p.Y).ToArray(),
            Markers: s.Points.Count <= 60)).ToArray();
        return new NotebookChart(title, xTitle, yTitle, traces, legend: series.Length > 1);
    }

    /// <summary>Best objective value found after each trial, one line per study (the standard optimisation-history plot).</summary>
    public static NotebookChart BestSoFar(string title, StudyDirection direction, params (string Name, IReadOnlyList<FrozenTrial> Trials)[] studies)
    {
        ArgumentNullException.ThrowIfNull(studies);
        var series = studies.Select(s => (s.Name, BestSoFarPoints(s.Trials, direction))).ToArray();
        return Lines(title, "trial", direction == StudyDirection.Maximize ? "best value so far (higher is better)" : "best value so far (lower is better)", series);
    }

    /// <summary>
    /// AutoML optimisation history: the best cross-validated score so far against the trial number, and against the
    /// seconds since the run started (when each completed trial finished), side by side on one axis.
    /// </summary>
    public static NotebookChart OptimisationHistory(Leaderboard leaderboard, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(leaderboard);
        var done = leaderboard.Trials.Where(t => t.State == AutoML.TrialState.Complete && t.Score is not null).ToArray();
        var byTrial = BestSoFarPoints(done.OrderBy(t => t.Number).Select(t => ((double)t.Number, t.Score!.Value)), leaderboard.HigherIsBetter);
        var byTime = BestSoFarPoints(done.OrderBy(t => (t.StartedAt + t.FitTime).TotalSeconds)
            .Select(t => ((t.StartedAt + t.FitTime).TotalSeconds, t.Score!.Value)), leaderboard.HigherIsBetter);
        string metric = MetricNames.ToName(leaderboard.Metric);
        return Lines(title ?? $"Best cross-validated {metric} so far", "trial number, or seconds since the start", $"{metric} ({(leaderboard.HigherIsBetter ? "higher" : "lower")} is better)",
            ("by trial number", byTrial), ("by seconds since the start", byTime));
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

    /// <summary>Horizontal bars, largest at the top (feature or parameter importance).</summary>
    public static NotebookChart Bars(string title, string valueTitle, IEnumerable<(string Label, double Value)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        var ordered = bars.OrderBy(b => b.Value).ToArray();   // both renderers draw the first category at the bottom
        var trace = new ChartTrace(TraceKind.HorizontalBars, valueTitle, null, ordered.Select(b => b.Value).ToArray(), ordered.Select(b => b.Label).ToArray(), ShowLegend: false);
        return new NotebookChart(title, valueTitle, "", [trace], height: Math.Max(Height, 60 + 24 * ordered.Length), legend: false);
    }

    /// <summary>Permutation feature importance as bars, the <paramref name="top"/> most important at the top.</summary>
    public static NotebookChart FeatureImportance(IEnumerable<FeatureImportance> importance, string metricName, int top = 15)
    {
        ArgumentNullException.ThrowIfNull(importance);
        return Bars($"Permutation importance (drop in {metricName}), top {top}", $"{metricName} drop",
            importance.OrderByDescending(f => f.Importance).Take(top).Select(f => (f.Column, f.Importance)));
    }

    /// <summary>Scatter of (x, y) points with an optional y = x reference line (predicted vs actual) or y = 0 line (residuals).</summary>
    public static NotebookChart Scatter(string title, string xTitle, string yTitle, IReadOnlyList<double> x, IReadOnlyList<double> y, ReferenceLine reference = ReferenceLine.None)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}.", nameof(y));
        var traces = new List<ChartTrace> { new(TraceKind.Points, "rows", x, y, ShowLegend: false) };
        if (x.Count > 0 && reference != ReferenceLine.None)
        {
            double lo = x.Min(), hi = x.Max();
            traces.Add(new ChartTrace(TraceKind.Line, reference == ReferenceLine.Identity ? "y = x" : "y = 0", [lo, hi],
                reference == ReferenceLine.Identity ? [lo, hi] : [0, 0], Reference: true, ShowLegend: false));
        }
        return new NotebookChart(title, xTitle, yTitle, traces, legend: false);
    }

    /// <summary>ROC curves: for each named series, the truth (true = positive) and the positive-class scores.</summary>
    public static NotebookChart Roc(string title, params (string Name, IReadOnlyList<bool> Truth, IReadOnlyList<double> Scores)[] curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        var traces = curves.Select(c =>
        {
            var points = RocPoints(c.Truth, c.Scores);
            return new ChartTrace(TraceKind.Line, c.Name, points.Select(p => p.Fpr).ToArray(), points.Select(p => p.Tpr).ToArray());
        }).Append(new ChartTrace(TraceKind.Line, "chance", [0, 1], [0, 1], Reference: true)).ToArray();
        return new NotebookChart(title, "false positive rate", "true positive rate", traces);
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
}
