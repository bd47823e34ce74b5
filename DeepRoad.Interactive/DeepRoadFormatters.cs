using System.Net;
using System.Text;
using DeepRoad.AutoML;
using DeepRoad.Ensembles;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tuning;
using Microsoft.DotNet.Interactive.Formatting;

namespace DeepRoad.Interactive;

/// <summary>
/// Registers .NET Interactive formatters for DeepRoad's result types, so that a notebook cell ending in one of
/// them shows an HTML table (or, for a <see cref="NotebookChart"/>, a Plotly chart with an SVG fallback). Call <see cref="Register"/> once per
/// notebook; the core DeepRoad packages do not depend on the notebook kernel.
/// </summary>
public static class DeepRoadFormatters
{
    private static int _registered;

    /// <summary>Registers the formatters (idempotent).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Add<NotebookChart>(c => c.ToHtml());
        Add<Leaderboard>(l => Leaderboard(l));
        Add<AutoMLResult>(Result);
        Add<IReadOnlyList<FeatureImportance>>(Importance);
        Add<InferredSchema>(Schema);
        Add<StudyResult>(r => Trials(r.Trials, r.BestTrial));
        Add<CrossValidationResult>(CrossValidation);
        Add<EnsembleModel>(Ensemble);
        Add<ConfusionMatrix>(m => Confusion(m, null));
    }

    /// <summary>The trials of a study as an HTML table: number, state, value, duration and parameters; the best trial in bold.</summary>
    public static string Trials(IReadOnlyList<FrozenTrial> trials, FrozenTrial? best = null)
    {
        var names = trials.SelectMany(t => t.Parameters.Keys).Distinct().ToArray();
        var rows = trials.Select(t => (IReadOnlyList<object?>)[t.Number, t.State.ToString(), t.Value, t.Duration, .. names.Select(n => t.Parameters.TryGetValue(n, out var v) ? v : null)]).ToList();
        var bold = best is null ? null : new HashSet<int>(Enumerable.Range(0, trials.Count).Where(i => trials[i].Number == best.Number));
        return HtmlTable.Build(["trial", "state", "value", "duration", .. names], rows, $"{trials.Count} trials", bold);
    }

    /// <summary>
    /// An AutoML leaderboard: completed trials best first, then the failed and cancelled ones with their error, at most
    /// <paramref name="maxRows"/> rows; the best trial in bold.
    /// </summary>
    public static string Leaderboard(Leaderboard l, int maxRows = 30)
    {
        ArgumentNullException.ThrowIfNull(l);
        var ranked = l.Ranked;
        var others = l.Trials.Where(t => !ranked.Contains(t)).OrderBy(t => t.Number);
        var shown = ranked.Select((t, i) => (Rank: (int?)(i + 1), Trial: t)).Concat(others.Select(t => (Rank: (int?)null, Trial: t))).Take(maxRows).ToList();
        string metric = MetricNames.ToName(l.Metric);
        bool logLoss = l.HasLogLoss;
        var rows = shown.Select(x => (IReadOnlyList<object?>)new object?[] { x.Rank, x.Trial.Number, x.Trial.Trainer.ToString(), x.Trial.State.ToString(), x.Trial.Score }
            .Concat(logLoss ? [x.Trial.LogLoss] : [])
            .Concat([x.Trial.FitTime, x.Trial.StartedAt, Parameters(x.Trial.Parameters), x.Trial.Pipeline, x.Trial.Error]).ToList()).ToList();
        string[] header = ["rank", "trial", "trainer", "state", metric, .. logLoss ? new[] { "log_loss" } : [], "fit time", "started at", "parameters", "pipeline", "error"];
        return HtmlTable.Build(header, rows,
            $"{l.Trials.Count} trials, {ranked.Count} completed, ranked by cross-validated {metric} ({(l.HigherIsBetter ? "higher" : "lower")} is better"
            + (logLoss ? "; exact ties by out-of-fold log-loss)" : ")")
            + (shown.Count < l.Trials.Count ? $"; first {shown.Count} shown" : ""),
            ranked.Count > 0 ? new HashSet<int> { 0 } : null);
    }

    /// <summary>An AutoML result: a summary line, the final model's members with their weights, and the leaderboard's top rows.</summary>
    public static string Result(AutoMLResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        string metric = MetricNames.ToName(r.Leaderboard.Metric);
        var members = HtmlTable.Build(["trial", "trainer", "weight", "refit on all rows", "parameters"],
            r.Ensemble.Select(m => (IReadOnlyList<object?>)[m.Trial, m.Trainer.ToString(), m.Weight, m.RefitOnAllRows ? "yes" : "no (fold models averaged)", m.Description]),
            FormattableString.Invariant($"final model: {r.Ensemble.Count} member(s), out-of-fold {metric} {r.EnsembleScore:0.####}"));
        string best = r.Leaderboard.Best is { } b ? FormattableString.Invariant($"; best single trial #{b.Number} ({b.Trainer}) {metric} {b.Score:0.####}") : "";
        string method = string.IsNullOrWhiteSpace(r.FinalModelReason) ? $"final model: {r.FinalMethod}" : $"final model: {r.FinalMethod}. {r.FinalModelReason}";
        return $"<div><p><b>AutoML</b>: {r.Leaderboard.Trials.Count} trials in {r.Elapsed.TotalSeconds:F1} s{WebUtility.HtmlEncode(best)}</p><p>{WebUtility.HtmlEncode(method)}</p>{members}{Leaderboard(r.Leaderboard, 10)}</div>";
    }

    /// <summary>Permutation feature importance as a table, most important first.</summary>
    public static string Importance(IReadOnlyList<FeatureImportance> importance)
    {
        ArgumentNullException.ThrowIfNull(importance);
        return HtmlTable.Build(["column", "importance (metric drop)", "± sd"],
            importance.OrderByDescending(f => f.Importance).Select(f => (IReadOnlyList<object?>)[f.Column, f.Importance, f.StdDev]), "permutation feature importance");
    }

    private static string Parameters(IReadOnlyDictionary<string, double> parameters) =>
        string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => FormattableString.Invariant($"{p.Key}={p.Value:G4}")));

    /// <summary>Columns of an inferred schema: kind, role, missing and distinct counts, an example and the reason.</summary>
    public static string Schema(InferredSchema s) => HtmlTable.Build(
        ["column", "kind", "role", "missing", "distinct", "example", "why"],
        s.Columns.Select(c => (IReadOnlyList<object?>)[c.Name, c.Kind.ToString(), c.Role.ToString(), c.MissingCount, c.DistinctCount, c.Example, c.Reason]),
        $"{Path.GetFileName(s.Source)}: {s.RowCount} rows, {s.Columns.Count} columns, task {s.Task?.ToString() ?? "?"}");

    /// <summary>Per-fold metrics plus mean ± standard deviation of a cross-validation.</summary>
    public static string CrossValidation(CrossValidationResult r)
    {
        var headers = new List<string> { "fold", "train rows", "test rows", "fit time" };
        headers.AddRange(r.Metrics.Select(MetricNames.ToName));
        var rows = r.FoldResults.Select(f => (IReadOnlyList<object?>)[f.Fold, f.TrainRows, f.TestRows, f.FitTime, .. r.Metrics.Select(m => (object?)f.Metrics[m])]).ToList();
        rows.Add(["mean ± sd", null, null, r.TotalFitTime, .. r.Metrics.Select(m => (object?)FormattableString.Invariant($"{r.Summary[m].Mean:0.####} ± {r.Summary[m].StandardDeviation:0.####}"))]);
        return HtmlTable.Build(headers, rows, $"{r.FoldResults.Count}-fold cross-validation ({r.Task})", new HashSet<int> { rows.Count - 1 });
    }

    /// <summary>The members of an ensemble with their layer and weight.</summary>
    public static string Ensemble(EnsembleModel m)
    {
        var rows = m.Members.Select(x => (IReadOnlyList<object?>)[x.Name, x.Layer, x.Weight]).ToList();
        string extra = m.OutOfBagScore is double oob ? FormattableString.Invariant($", out-of-bag {m.OutOfBagMetric} {oob:0.####}") : "";
        return HtmlTable.Build(["member", "layer", "weight"], rows, $"{m.Kind} ensemble ({m.Task}), {m.Members.Count} members{(m.MetaLearner is null ? "" : ", meta-learner " + m.MetaLearner)}{extra}");
    }

    /// <summary>A confusion matrix (rows = truth, columns = predicted) with cells shaded by their share of the row.</summary>
    public static string Confusion(ConfusionMatrix m, IReadOnlyList<string>? classNames)
    {
        string Name(int i) => WebUtility.HtmlEncode(classNames is not null && i < classNames.Count ? classNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var sb = new StringBuilder("<table><caption>confusion matrix (rows: truth, columns: predicted)</caption><thead><tr><th></th>");
        for (int j = 0; j < m.ClassCount; j++) sb.Append("<th>").Append(Name(j)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < m.ClassCount; i++)
        {
            sb.Append("<tr><th>").Append(Name(i)).Append("</th>");
            long support = Math.Max(1, m.Support(i));
            for (int j = 0; j < m.ClassCount; j++)
            {
                double share = (double)m[i, j] / support;
                int shade = 255 - (int)Math.Round(155 * share);
                sb.Append(FormattableString.Invariant($"<td style=\"text-align:right;background-color:rgb({shade},{shade},255)\">{m[i, j]}</td>"));
            }
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    private static void Add<T>(Func<T, string> html, string mimeType = "text/html")
    {
        Formatter.Register<T>((value, writer) => writer.Write(html(value)), mimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), mimeType);
    }
}
