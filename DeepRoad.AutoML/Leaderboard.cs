using System.Globalization;
using System.Text;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.AutoML;

/// <summary>Every trial of a run, plus ranking by the optimised metric.</summary>
public sealed class Leaderboard
{
    public Leaderboard(IReadOnlyList<TrialRecord> trials, MetricKind metric, bool higherIsBetter)
    {
        Trials = trials;
        Metric = metric;
        HigherIsBetter = higherIsBetter;
    }

    /// <summary>All trials in trial-number order, whatever their state.</summary>
    public IReadOnlyList<TrialRecord> Trials { get; }

    /// <summary>The optimised metric.</summary>
    public MetricKind Metric { get; }

    /// <summary>Direction of <see cref="Metric"/>.</summary>
    public bool HigherIsBetter { get; }

    /// <summary>Which final model the run built from these trials (selection, stacking or one trial) and why; empty until the run ends.</summary>
    public string FinalModel { get; init; } = "";

    /// <summary>
    /// Completed trials, best first: exact ties by out-of-fold log-loss (<see cref="TrialRecord.LogLoss"/>, classification),
    /// as the final model ranks them, then by trial number.
    /// </summary>
    public IReadOnlyList<TrialRecord> Ranked =>
        Trials.Where(t => t.State == TrialState.Complete && t.Score is not null)
            .OrderBy(t => HigherIsBetter ? -t.Score!.Value : t.Score!.Value).ThenBy(t => t.LogLoss ?? double.PositiveInfinity).ThenBy(t => t.Number).ToList();

    /// <summary>True when trials carry an out-of-fold log-loss beside the metric (classification with another metric).</summary>
    public bool HasLogLoss => Trials.Any(t => t.LogLoss is not null);

    /// <summary>The best completed trial, or null when none completed.</summary>
    public TrialRecord? Best => Ranked.FirstOrDefault();

    /// <summary>
    /// CSV with one row per trial: rank, number, trainer, state, score (then the out-of-fold log-loss when
    /// <see cref="HasLogLoss"/>), fit seconds, start seconds, parameters, pipeline, error.
    /// </summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        bool logLoss = HasLogLoss;
        sb.AppendLine($"rank,trial,trainer,state,{MetricNames.ToName(Metric)}{(logLoss ? ",log_loss" : "")},fit_seconds,started_seconds,parameters,pipeline,error");
        var ranks = Ranked.Select((t, i) => (t.Number, i + 1)).ToDictionary(x => x.Number, x => x.Item2);
        foreach (var t in Trials.OrderBy(t => ranks.GetValueOrDefault(t.Number, int.MaxValue)).ThenBy(t => t.Number))
        {
            string P(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
            var prm = string.Join("; ", t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={P(p.Value)}"));
            sb.Append(ranks.TryGetValue(t.Number, out var r) ? r.ToString(CultureInfo.InvariantCulture) : "").Append(',')
              .Append(t.Number.ToString(CultureInfo.InvariantCulture)).Append(',')
              .Append(t.Trainer).Append(',').Append(t.State).Append(',')
              .Append(t.Score is { } s ? P(s) : "").Append(',')
              .Append(logLoss ? (t.LogLoss is { } l ? P(l) : "") + "," : "")
              .Append(t.FitTime.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)).Append(',')
              .Append(t.StartedAt.TotalSeconds.ToString("F3", CultureInfo.InvariantCulture)).Append(',')
              .Append(Quote(prm)).Append(',').Append(Quote(t.Pipeline)).Append(',').Append(Quote(t.Error ?? "")).AppendLine();
        }
        return sb.ToString();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
