using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tuning.Spaces;
using Microsoft.Data.Sqlite;
using Microsoft.ML;

namespace DeepRoad.AutoML.Persistence;

/// <summary>
/// What DeepRoad.Tuning's study storage does not keep: each finished trial's leaderboard record, out-of-fold
/// predictions and fold models, keyed by study name and trial number. In memory, or (with
/// <see cref="AutoMLOptions.StudyPath"/>) in AutoML's own tables of the same SQLite file as the
/// <see cref="DeepRoad.Tuning.Storage.SqliteStudyStorage"/>, so a resumed run ensembles trials it did not train again.
/// A fingerprint of the data and options guards against resuming a different run.
/// </summary>
internal sealed class TrialArchive : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly SqliteConnection? _db;
    private readonly string _study;
    private readonly object _lock = new();
    private readonly Dictionary<int, TrialOutcome> _memory = new();
    private readonly int _keepPredictions;
    private int _keep;
    private readonly Func<double, double> _loss;

    /// <param name="path">SQLite file, or null to keep the study in memory only.</param>
    /// <param name="study">Study name (the key of this run's rows).</param>
    /// <param name="fingerprint">Data and options of the run; a resume with other ones is refused.</param>
    /// <param name="keep">
    /// How many complete trials keep their out-of-fold predictions and fold models in memory: the best ones by
    /// <paramref name="loss"/> of their score. The final ensemble draws only on those, and on small data a search runs
    /// hundreds of trials whose fold models would otherwise all stay alive. The best trial of each trainer is kept as
    /// well. The SQLite file keeps every trial whole.
    /// </param>
    /// <param name="loss">Turns a trial's score into a loss (lower is better).</param>
    /// <param name="keepPredictions">
    /// How many complete trials keep their out-of-fold predictions (at least <paramref name="keep"/>): the nested
    /// cross-validation of the final model re-picks the best trials inside each fold, so it needs more of them than the
    /// ensemble does, and predictions are small next to fold models.
    /// </param>
    /// <remarks>
    /// Exact score ties go to the better out-of-fold log-loss (<see cref="TrialRecord.LogLoss"/>), then to the lower trial
    /// number: the final model ranks ties so (<see cref="AutoMLExperiment.Rank"/>), so the archive must keep the trials
    /// that win them, not the earliest.
    /// </remarks>
    public TrialArchive(string? path, string study, string fingerprint, int keep = int.MaxValue, Func<double, double>? loss = null, int keepPredictions = 0)
    {
        _study = study;
        _keep = keep;
        _keepPredictions = Math.Max(keep, keepPredictions);
        _loss = loss ?? (x => x);
        if (path is null) return;
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString());
        _db.Open();
        Exec("PRAGMA busy_timeout=30000;");
        Exec("CREATE TABLE IF NOT EXISTS automl_meta (study TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);");
        Exec("CREATE TABLE IF NOT EXISTS automl_trials (study TEXT NOT NULL, number INTEGER NOT NULL, record TEXT NOT NULL, oof BLOB, models BLOB, PRIMARY KEY (study, number));");
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT fingerprint FROM automl_meta WHERE study=$s";
        cmd.Parameters.AddWithValue("$s", study);
        var existing = cmd.ExecuteScalar() as string;
        if (existing is null)
        {
            using var ins = _db.CreateCommand();
            ins.CommandText = "INSERT INTO automl_meta(study, fingerprint) VALUES($s, $f)";
            ins.Parameters.AddWithValue("$s", study);
            ins.Parameters.AddWithValue("$f", fingerprint);
            ins.ExecuteNonQuery();
        }
        else if (existing != fingerprint)
            throw new ArgumentException($"study '{path}' was created for other data or options ({existing}); use a new study file or the same data, label, task, metric, folds and seed.");
    }

    /// <summary>True when a study file existed with this study in it (a resume).</summary>
    public bool Persistent => _db is not null;

    private void Exec(string sql)
    {
        using var cmd = _db!.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Drops the fold models of complete trials beyond the best <c>keep</c>, and their predictions beyond the best
    /// <c>keepPredictions</c> (caller holds the lock).
    /// </summary>
    private void TrimLocked()
    {
        var whole = _memory.Values.Where(x => x.Oof is not null || x.FoldModels is not null).ToList();
        if (whole.Count <= _keep) return;
        var ranked = whole.OrderBy(x => x.Record.Score is { } s ? _loss(s) : double.PositiveInfinity)
            .ThenBy(x => x.Record.LogLoss ?? double.PositiveInfinity)
            .ThenBy(x => x.Record.Number).ToList();
        // The best `keep` overall, plus the best of each trainer (so the ensemble can still draw on a different family).
        HashSet<int> Best(int n)
        {
            var kept = ranked.Take(n).Select(x => x.Record.Number).ToHashSet();
            foreach (var g in ranked.GroupBy(x => x.Record.Trainer)) kept.Add(g.First().Record.Number);
            return kept;
        }
        var models = Best(_keep);
        var predictions = Best(_keepPredictions);
        foreach (var x in ranked)
        {
            bool dropModels = x.FoldModels is not null && !models.Contains(x.Record.Number);
            bool dropPredictions = x.Oof is not null && !predictions.Contains(x.Record.Number);
            if (dropModels || dropPredictions)
                _memory[x.Record.Number] = x with { Oof = dropPredictions ? null : x.Oof, FoldModels = dropModels ? null : x.FoldModels };
        }
    }

    /// <summary>How many complete trials keep their fold models in memory (besides each trainer's best); <see cref="Shrink"/> lowers it.</summary>
    internal int Keep
    {
        get { lock (_lock) return _keep; }
    }

    /// <summary>
    /// Under memory pressure: halves how many complete trials keep their fold models in memory (never below one, and
    /// each trainer's best trial keeps its models as always) and drops the others' now. Their out-of-fold predictions
    /// and leaderboard records stay, and the SQLite file keeps them whole. Returns how many trials' fold models were
    /// dropped (0: nothing left to give back).
    /// </summary>
    public int Shrink()
    {
        lock (_lock)
        {
            int before = _memory.Values.Count(x => x.FoldModels is not null);
            _keep = Math.Max(1, Math.Min(_keep, before) / 2);
            TrimLocked();
            return before - _memory.Values.Count(x => x.FoldModels is not null);
        }
    }

    /// <summary>How many trials hold fold models in memory.</summary>
    internal int ModelsInMemory
    {
        get { lock (_lock) return _memory.Values.Count(x => x.FoldModels is not null); }
    }

    /// <summary>How many trials still hold out-of-fold predictions or fold models in memory.</summary>
    internal int WholeInMemory
    {
        get { lock (_lock) return _memory.Values.Count(x => x.Oof is not null || x.FoldModels is not null); }
    }

    public void Save(TrialOutcome o, MLContext ml, DataViewSchema inputSchema)
    {
        lock (_lock)
        {
            _memory[o.Record.Number] = o;
            TrimLocked();
        }
        if (_db is null) return;
        byte[]? oof = null, models = null;
        if (o.Oof is { } m)
        {
            oof = new byte[m.Values.Length * sizeof(float)];
            Buffer.BlockCopy(m.Values, 0, oof, 0, oof.Length);
        }
        if (o.FoldModels is { } fm)
        {
            using var buffer = new MemoryStream();
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
                for (int i = 0; i < fm.Count; i++)
                {
                    using var s = zip.CreateEntry($"{i}.zip", CompressionLevel.NoCompression).Open();
                    s.Write(ModelIO.Serialize(ml, fm[i], inputSchema));
                }
            models = buffer.ToArray();
        }
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO automl_trials(study, number, record, oof, models) VALUES($s, $n, $r, $o, $m)";
            cmd.Parameters.AddWithValue("$s", _study);
            cmd.Parameters.AddWithValue("$n", o.Record.Number);
            cmd.Parameters.AddWithValue("$r", JsonSerializer.Serialize(o.Record with { Parameters = new Dictionary<string, double>(o.Record.Parameters) }, Json));
            cmd.Parameters.AddWithValue("$o", (object?)oof ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$m", (object?)models ?? DBNull.Value);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The archived outcome of trial <paramref name="number"/> (this run's, or a previous run's marked resumed), or null.</summary>
    public TrialOutcome? Load(int number, ParameterSet parameters, int rows, int width, MLContext ml)
    {
        lock (_lock)
        {
            if (_memory.TryGetValue(number, out var mine)) return mine;
            if (_db is null) return null;
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT record, oof, models FROM automl_trials WHERE study=$s AND number=$n";
            cmd.Parameters.AddWithValue("$s", _study);
            cmd.Parameters.AddWithValue("$n", number);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            var record = JsonSerializer.Deserialize<TrialRecord>(r.GetString(0), Json)!;
            PredictionMatrix? oof = null;
            if (!r.IsDBNull(1))
            {
                var bytes = (byte[])r[1];
                oof = PredictionMatrix.Create(rows, width);
                Buffer.BlockCopy(bytes, 0, oof.Values, 0, Math.Min(bytes.Length, oof.Values.Length * sizeof(float)));
            }
            List<ITransformer>? models = null;
            if (!r.IsDBNull(2))
            {
                models = [];
                using var zip = new ZipArchive(new MemoryStream((byte[])r[2]), ZipArchiveMode.Read);
                for (int i = 0; zip.GetEntry($"{i}.zip") is not null; i++)
                    models.Add(ModelIO.Deserialize(ml, AutoMLModel.ReadAll(zip, $"{i}.zip")!, AutoMLModel.ReadAll(zip, $"{i}.deep")));
            }
            var outcome = new TrialOutcome(record with { Resumed = true }, parameters, oof, models);
            _memory[number] = outcome;
            TrimLocked();
            return _memory[number];
        }
    }

    public void Dispose() => _db?.Dispose();
}
