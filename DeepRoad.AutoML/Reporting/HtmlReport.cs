using System.Globalization;
using System.Net;
using System.Text;
using DeepRoad.AutoML.Data;
using DeepRoad.Pipelines.Schema;
using DeepRoad.AutoML.Evaluation;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.AutoML.Reporting;

/// <summary>
/// Writes one self-contained HTML file (inline CSS and SVG, no script, no network): dataset summary and cleaning steps,
/// leaderboard, optimisation history, parallel coordinates, ensemble weights, confusion matrix and ROC (classification)
/// or residuals (regression), and permutation feature importance.
/// </summary>
public static class HtmlReport
{
    /// <summary>The report's permutation importance work: shuffles x rows per shuffle x input columns x pipelines.</summary>
    private const long ImportanceWork = 40_000_000;

    /// <summary>
    /// The report's time for permutation importance when <see cref="ReportOptions.ImportanceTimeBudget"/> is not set: a
    /// tenth of the run's time budget (60 s when it had none), between 2 and 10 s, so a report does not add much to the
    /// time the user gave the run.
    /// </summary>
    internal static TimeSpan DefaultImportanceTime(TimeSpan? runBudget) =>
        TimeSpan.FromSeconds(Math.Clamp((runBudget ?? TimeSpan.FromSeconds(60)).TotalSeconds * 0.1, 2, 10));

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Writes the report for <paramref name="result"/> to <paramref name="path"/>.</summary>
    public static void Write(AutoMLResult result, string path, ReportOptions? options = null)
    {
        options ??= new ReportOptions();
        AtomicFile.WriteAllText(path, Render(result, options));
    }

    /// <summary>The report as an HTML string.</summary>
    public static string Render(AutoMLResult result, ReportOptions options)
    {
        var s = result.Schema;
        var task = result.Model.Task;
        var classNames = result.Model.ClassNames;
        var lb = result.Leaderboard;
        var v = result.Validation;
        string metric = lb.Metric.ToString();
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DeepRoad AutoML report</title><style>")
          .Append("body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}h1{font-size:24px}h2{font-size:19px;margin-top:32px;border-bottom:1px solid #ddd}")
          .Append("table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 7px;text-align:left}th{background:#f3f5f8}")
          .Append(".num{text-align:right}.small{color:#666;font-size:12px}.chart{margin:8px 0}.failed{color:#b00}.pruned{color:#888}")
          .Append("</style></head><body>");
        sb.Append("<h1>DeepRoad AutoML report</h1>");
        sb.Append($"<p>Task <b>{E(task.ToString())}</b>, label <b>{E(result.Model.LabelColumn)}</b>, metric <b>{E(metric)}</b> ({(lb.HigherIsBetter ? "higher" : "lower")} is better). ")
          .Append($"{lb.Trials.Count} trials in {result.Elapsed.TotalSeconds:0.0} s on {result.Options.Workers} worker(s); ")
          .Append(v.TimeOrdered
              ? E($"validation: in time order of '{result.Options.TimeOrderColumn}', {(v.Holdout ? "the latest rows held out" : $"{v.Folds} expanding-window splits (each trains on the rows before the block it scores; the earliest block is never scored)")}")
              : $"validation: {(v.Holdout ? $"{(task == MLTask.Regression ? "" : "stratified ")}holdout" : $"{v.Folds}-fold {(task == MLTask.Regression ? "" : "stratified ")}cross-validation{(v.Repeats > 1 ? $" repeated {v.Repeats} times (out-of-fold predictions averaged)" : "")}")}")
          .Append(result.Options.GroupColumn is { } group ? E($", whole groups of '{group}' to a fold") : "")
          .Append($"; seed {result.Options.Seed}.</p>");

        // Dataset and cleaning
        sb.Append("<h2>Dataset</h2>");
        sb.Append($"<p>{E(options.TrainPath ?? "(in-memory data)")}: {s.RowCount} rows, {s.Columns.Count} input columns.");
        if (task != MLTask.Regression)
        {
            var counts = new int[classNames.Count];
            foreach (var y in result.Train.Truth) counts[(int)y]++;
            sb.Append(" Classes: ").Append(string.Join(", ", classNames.Select((c, i) => $"{E(c)} ({counts[i]})")));
            if (task == MLTask.BinaryClassification) sb.Append($"; positive class <b>{E(classNames[1])}</b>");
            sb.Append('.');
        }
        sb.Append("</p>");
        if (s.Warnings.Count > 0)
            sb.Append("<ul>").Append(string.Concat(s.Warnings.Select(w => $"<li class=failed>{E(w)}</li>"))).Append("</ul>");
        sb.Append("<table><tr><th>column</th><th>role</th><th class=num>missing</th><th class=num>distinct</th></tr>");
        foreach (var c in s.Columns)
            sb.Append($"<tr><td>{E(c.SourceColumn is { } from ? $"{from} (loaded as {c.Name})" : c.Name)}</td><td>{E(c.Role.ToString())}</td><td class=num>{c.MissingCount}</td><td class=num>{c.DistinctCount}</td></tr>");
        sb.Append("</table><h3>Cleaning and featurization</h3><ul>");
        foreach (var step in CleaningSteps(result)) sb.Append($"<li>{E(step)}</li>");
        sb.Append("</ul>");

        // Leaderboard
        sb.Append("<h2>Leaderboard</h2>");
        if (lb.FinalModel.Length > 0) sb.Append($"<p>Final model: {E(lb.FinalModel)}.</p>");
        bool logLoss = lb.HasLogLoss;
        sb.Append("<table><tr><th>rank</th><th>trial</th><th>trainer</th><th>state</th>")
          .Append($"<th class=num>CV {E(metric)}</th>{(logLoss ? "<th class=num>CV log-loss</th>" : "")}<th class=num>subsample</th><th class=num>fit s</th><th>pipeline</th><th>parameters</th></tr>");
        var ranks = lb.Ranked.Select((t, i) => (t.Number, i + 1)).ToDictionary(x => x.Number, x => x.Item2);
        foreach (var t in lb.Trials.OrderBy(t => ranks.GetValueOrDefault(t.Number, int.MaxValue)).ThenBy(t => t.Number))
        {
            string cls = t.State switch { TrialState.Failed or TrialState.Cancelled => " class=failed", TrialState.Pruned => " class=pruned", _ => "" };
            string prm = string.Join(", ", t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value.ToString("G4", CultureInfo.InvariantCulture)}"));
            sb.Append($"<tr{cls}><td>{(ranks.TryGetValue(t.Number, out var r) ? r : "")}</td><td>{t.Number}</td><td>{t.Trainer}</td><td>{t.State}{(t.Error is null ? "" : ": " + E(t.Error))}</td>")
              .Append($"<td class=num>{(t.Score is { } sc ? F(sc) : "")}</td>{(logLoss ? $"<td class=num>{(t.LogLoss is { } ll ? F(ll) : "")}</td>" : "")}<td class=num>{(t.SubsampleScore is { } ss ? F(ss) : "")}</td><td class=num>{t.FitTime.TotalSeconds:0.00}</td>")
              .Append($"<td class=small>{E(t.Pipeline)}</td><td class=small>{E(prm)}</td></tr>");
        }
        sb.Append("</table>");

        // History
        sb.Append("<h2>Optimisation history</h2>");
        sb.Append("<div class=chart>").Append(Charts.History(lb.Trials, lb.HigherIsBetter, metric, byTime: true)).Append("</div>");
        sb.Append("<div class=chart>").Append(Charts.History(lb.Trials, lb.HigherIsBetter, metric, byTime: false)).Append("</div>");

        // Parallel coordinates for the trainer with most completed trials
        var top = lb.Ranked.GroupBy(t => t.Trainer).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).FirstOrDefault();
        if (top is not null)
        {
            string prefix = top.Key + ".";
            var dims = new AutoMLSpace([top.Key], result.Train).Subspaces[top.Key].Parameters
                .Select(p => p with { Name = p.Name.StartsWith(prefix, StringComparison.Ordinal) ? p.Name[prefix.Length..] : p.Name }).Select(Dimension).OfType<(string Name, double Min, double Max, bool Log)>().ToList();
            if (dims.Count > 0)
            {
                sb.Append("<h2>Hyperparameters</h2>");
                sb.Append("<div class=chart>").Append(Charts.ParallelCoordinates(top.Key, top.ToList(), dims, lb.HigherIsBetter)).Append("</div>");
                var imp = dims.Select(d => (d.Name, Value: Math.Abs(Spearman(top.Select(t => t.Parameters.GetValueOrDefault(d.Name, d.Item2)).ToArray(), top.Select(t => t.Score!.Value).ToArray()))))
                    .OrderByDescending(x => x.Value).ToList();
                if (top.Count() >= 4)
                    sb.Append("<div class=chart>").Append(Charts.HorizontalBars($"Hyperparameter importance for {top.Key}: |Spearman correlation| with {metric}", imp, "|rho|")).Append("</div>");
            }
        }

        // Ensemble
        sb.Append("<h2>Final model</h2>");
        sb.Append($"<p>Chosen: <b>{E(result.FinalMethod.ToString())}</b>: {E(result.FinalModelReason)}.</p>");
        sb.Append($"<p>{(result.FinalMethod == FinalMethod.Stacking ? $"A meta-learner (DeepRoad.Ensembles' default) stacks the best {result.Ensemble.Count} trials' predictions" : result.Ensemble.Count > 1 ? $"Caruana ensemble selection over the best {Math.Min(20, lb.Ranked.Count)} trials' out-of-fold predictions chose {result.Ensemble.Count} members" : "A single model (no blend improved on the best trial)")}; out-of-fold {E(metric)} {F(result.EnsembleScore)} ")
          .Append($"(best single trial {F(lb.Best?.Score ?? result.EnsembleScore)}).</p><table><tr><th>trial</th><th>trainer</th><th class=num>weight</th><th>fitted on</th><th>parameters</th></tr>");
        foreach (var m in result.Ensemble)
            sb.Append($"<tr><td>{m.Trial}</td><td>{m.Trainer}</td><td class=num>{m.Weight:0.000}</td><td>{(m.RefitOnAllRows ? "all rows (refit)" : "average of fold models")}</td><td class=small>{E(m.Description)}</td></tr>");
        sb.Append("</table>");
        sb.Append("<div class=chart>").Append(Charts.HorizontalBars("Ensemble weights", result.Ensemble.Select(m => ($"#{m.Trial} {m.Trainer}", m.Weight)).ToList(), "weight")).Append("</div>");
        if (options.TestMetrics is { } tm)
            sb.Append("<p>Test metrics: ").Append(E(string.Join(", ", tm.Select(kv => $"{kv.Key} {F(kv.Value)}")))).Append($" ({E(options.TestPath)})</p>");

        // Diagnostics
        sb.Append("<h2>Diagnostics (out-of-fold predictions of the final blend)</h2>");
        if (task == MLTask.Regression)
        {
            var pts = Enumerable.Range(0, v.Truth.Length).Select(i => ((double)v.Ensemble.Values[i], (double)(v.Truth[i] - v.Ensemble.Values[i]))).ToList();
            sb.Append("<div class=chart>").Append(Charts.Residuals(pts)).Append("</div>");
        }
        else
        {
            var classIdx = Metric.ToClassIndices(v.Truth, v.Ensemble.Width);
            // The classes the model predicts: at its decision threshold for a binary model (0.5 unless tuned).
            var predicted = task == MLTask.BinaryClassification ? v.Ensemble.PredictedClasses(result.Model.DecisionThreshold) : v.Ensemble.ArgMax();
            if (result.Threshold is { } th)
                sb.Append("<p>").Append(E(AutoMLExperiment.DescribeThreshold(th))).Append(". The confusion matrix is at the model's threshold.</p>");
            var confusion = ClassificationMetrics.Confusion(classIdx, predicted, v.Ensemble.Width);
            var cm = new int[confusion.ClassCount, confusion.ClassCount];
            for (int a = 0; a < confusion.ClassCount; a++) for (int b = 0; b < confusion.ClassCount; b++) cm[a, b] = (int)confusion[a, b];
            sb.Append("<div class=chart>").Append(Charts.Confusion(cm, classNames)).Append("</div>");
            var curves = new List<(string, IReadOnlyList<(double, double)>, double)>();
            var classes = task == MLTask.BinaryClassification ? [1] : Enumerable.Range(0, classNames.Count).Take(10);
            foreach (int k in classes)
                curves.Add((task == MLTask.BinaryClassification ? "final model" : classNames[k], RocCurve(v.Truth, v.Ensemble, k), ClassificationMetrics.RocAuc(classIdx, v.Ensemble.Column(k), k)));
            sb.Append("<div class=chart>").Append(Charts.Roc(curves)).Append("</div>");
        }

        // Permutation importance
        // Every shuffle of every input column is scored by every pipeline of the model (each member's fold models),
        // and a row costs about as much as it has columns, so the work grows with the square of the columns: rows per
        // shuffle are cut to keep shuffles x rows x columns x pipelines within ImportanceWork, at most 1000 rows, and
        // one repeat is used when two would leave fewer than 100 rows. Below 100 rows per shuffle the estimate is too
        // noisy to show, and the report says so instead of spending minutes on it.
        int inputs = result.Schema.Columns.Count(AutoMLData.IsInput);
        int pipelines = Math.Max(1, result.Model.Transformers.Sum(m => m.Count));
        int RowsFor(int repeats) => (int)Math.Min(1000, ImportanceWork / Math.Max(1L, (long)inputs * inputs * repeats * pipelines));
        int pfiRepeats = RowsFor(options.ImportanceRepeats) >= 100 ? options.ImportanceRepeats : 1;
        int pfiRows = RowsFor(pfiRepeats);
        // The work estimate leaves out what else makes a row slow to score (fifty classes make every boosted pipeline
        // score fifty trees a round), so the shuffles are also held to a time budget, measured on the unshuffled rows.
        var pfiBudget = options.ImportanceTimeBudget ?? DefaultImportanceTime(result.Options.TimeBudget);
        sb.Append("<h2>Permutation feature importance</h2>");
        var (pfi, usedRows, wasCut, estimate, usedRepeats) = pfiRows >= 100
            ? result.PermutationFeatureImportance(options.TestPath, pfiRepeats, pfiRows, result.Options.Seed, pfiBudget)
            : new Importance.Outcome(null, pfiRows, false, null, pfiRepeats);
        if (pfi is not null)
        {
            string cut = wasCut ? $"; cut to fit the report's {pfiBudget.TotalSeconds:0.#} s for it" : "";
            sb.Append($"<p class=small>Drop of {E(metric)} when a column is shuffled ({usedRepeats} repeat{(usedRepeats == 1 ? "" : "s")}, on up to {usedRows} {(options.TestPath is null ? "training rows" : "rows of the test file")}, a seeded sample{cut}).</p>");
            sb.Append("<div class=chart>").Append(Charts.HorizontalBars("Permutation importance", pfi.Take(25).Reverse().Select(p => (p.Column, p.Importance)).ToList(), $"drop in {metric}")).Append("</div>");
        }
        else
        {
            string pace = estimate is { } est ? $"; at the pace measured on the unshuffled rows, scoring every shuffle would take {est.TotalSeconds:0.#} s" : "";
            sb.Append($"<p>Not computed for the report: with {inputs} input columns and {pipelines} fitted pipelines, each column's shuffle could be " +
                $"scored on fewer than 100 rows within the report's budget ({pfiBudget.TotalSeconds:0.#} s{pace}). Call <code>AutoMLResult.PermutationFeatureImportance</code> to compute it.</p>");
        }
        sb.Append($"<p class=small>Generated by DeepRoad AutoML {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p></body></html>");
        return sb.ToString();
    }

    private static IEnumerable<string> CleaningSteps(AutoMLResult r)
    {
        var s = r.Schema;
        foreach (var c in s.Columns.Where(c => c.Role == ColumnRole.Identifier)) yield return $"dropped '{c.Name}': identifier (unique per row)";
        foreach (var c in s.Columns.Where(c => c.Role == ColumnRole.Constant)) yield return $"dropped '{c.Name}': constant";
        foreach (var c in s.Columns.Where(c => c.Role == ColumnRole.Date)) yield return $"'{c.Name}': {c.Reason}";
        foreach (var c in s.Columns.Where(c => c.Unit is not null || c.MissingTokens is not null)) yield return $"'{c.Name}' read as numbers: {c.Reason}";
        var miss = s.Columns.Where(c => c.Role == ColumnRole.Numeric && c.MissingCount > 0).ToList();
        if (miss.Count > 0) yield return $"imputed {miss.Sum(c => c.MissingCount)} missing numeric cells with the training mean in {string.Join(", ", miss.Select(c => c.Name))} (fitted per fold); missing indicators searchable";
        var catMiss = s.Columns.Where(c => c.Role == ColumnRole.Categorical && c.MissingCount > 0).ToList();
        if (catMiss.Count > 0) yield return $"{catMiss.Sum(c => c.MissingCount)} missing categorical cells kept as their own category ({string.Join(", ", catMiss.Select(c => c.Name))})";
        var cats = s.Columns.Where(c => c.Role == ColumnRole.Categorical).ToList();
        if (cats.Count > 0) yield return $"one-hot encoded {cats.Count} categorical column(s); columns above a searched cardinality are hashed (10 bits); unseen categories map to zeros";
        foreach (var c in s.Columns.Where(c => c.Role == ColumnRole.Text)) yield return $"'{c.Name}': TF-IDF of word n-grams (punctuation removed, length searched) and optional char n-grams (length searched), each L2-normalised and never rescaled";
        foreach (var c in s.Columns.Where(c => c.Role == ColumnRole.ImagePath)) yield return $"'{c.Name}': images loaded, resized (size searched), pixels scaled to 0..1 (one gray plane, or red, green and blue planes for color images)";
        yield return "all features concatenated (DeepRoad.Pipelines DefaultFeaturizer); min-max or mean-variance scaling searched for linear models and the MLP, none for trees";
    }

    /// <summary>A searched parameter as a parallel-coordinates axis (range and scale); null when it has one value.</summary>
    private static (string Name, double Min, double Max, bool Log)? Dimension(Parameter p) => p switch
    {
        FloatParameter f => (f.Name, f.Low, f.High, f.Log),
        IntParameter i => (i.Name, i.Low, i.High, i.Log),
        CategoricalParameter c when c.Choices.Count > 1 => (c.Name, c.Choices.Min(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)), c.Choices.Max(v => Convert.ToDouble(v, CultureInfo.InvariantCulture)), false),
        _ => null,
    };

    private static IReadOnlyList<(double, double)> RocCurve(float[] truth, PredictionMatrix p, int positive)
    {
        var idx = Enumerable.Range(0, p.Rows).OrderByDescending(i => p.Values[i * p.Width + positive]).ToArray();
        double pos = truth.Count(t => (int)t == positive), neg = truth.Length - pos;
        var pts = new List<(double, double)> { (0, 0) };
        double tp = 0, fp = 0;
        for (int j = 0; j < idx.Length; j++)
        {
            if ((int)truth[idx[j]] == positive) tp++; else fp++;
            bool last = j == idx.Length - 1 || p.Values[idx[j + 1] * p.Width + positive] != p.Values[idx[j] * p.Width + positive];
            if (last) pts.Add((neg == 0 ? 0 : fp / neg, pos == 0 ? 0 : tp / pos));
        }
        return pts;
    }

    private static double Spearman(double[] a, double[] b)
    {
        double[] Rank(double[] x)
        {
            var order = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
            var r = new double[x.Length];
            for (int i = 0; i < order.Length;)
            {
                int j = i;
                while (j + 1 < order.Length && x[order[j + 1]] == x[order[i]]) j++;
                for (int k = i; k <= j; k++) r[order[k]] = (i + j) / 2.0;
                i = j + 1;
            }
            return r;
        }
        var ra = Rank(a); var rb = Rank(b);
        double ma = ra.Average(), mb = rb.Average();
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < ra.Length; i++) { cov += (ra[i] - ma) * (rb[i] - mb); va += Math.Pow(ra[i] - ma, 2); vb += Math.Pow(rb[i] - mb, 2); }
        return va == 0 || vb == 0 ? 0 : cov / Math.Sqrt(va * vb);
    }
}
