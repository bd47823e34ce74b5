using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using DeepRoad.AutoML.Evaluation;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.ML;

namespace DeepRoad.AutoML.Persistence;

/// <summary>
/// SQLite (WAL) record of an AutoML study: one row per finished trial with its configuration, result,
/// out-of-fold predictions and fold models, so an interrupted run resumes without training them again.
/// A fingerprint of the data and options guards against resuming a different study.
/// </summary>
internal sealed class StudyStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly object _lock = new();

    public StudyStore(string path, string fingerprint)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _db.Open();
        Exec("PRAGMA journal_mode=WAL;");
        Exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);");
        Exec("CREATE TABLE IF NOT EXISTS trials (number INTEGER PRIMARY KEY, config TEXT NOT NULL, record TEXT NOT NULL, oof BLOB, models BLOB);");
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT value FROM meta WHERE key='fingerprint'";
        var existing = cmd.ExecuteScalar() as string;
        if (existing is null)
        {
            using var ins = _db.CreateCommand();
            ins.CommandText = "INSERT INTO meta(key, value) VALUES('fingerprint', $v)";
            ins.Parameters.AddWithValue("$v", fingerprint);
            ins.ExecuteNonQuery();
        }
        else if (existing != fingerprint)
            throw new ArgumentException($"study '{path}' was created for other data or options ({existing}); use a new study file or the same data, label, task, metric, folds and seed.");
    }

    private void Exec(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Save(TrialOutcome o, MLContext ml, DataViewSchema inputSchema)
    {
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
                    var (mlNet, deep) = ModelIO.Serialize(ml, fm[i], inputSchema);
                    using (var s = zip.CreateEntry($"{i}.zip", CompressionLevel.NoCompression).Open()) s.Write(mlNet);
                    if (deep is not null)
                        using (var s = zip.CreateEntry($"{i}.deep", CompressionLevel.Optimal).Open()) s.Write(deep);
                }
            models = buffer.ToArray();
        }
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO trials(number, config, record, oof, models) VALUES($n, $c, $r, $o, $m)";
            cmd.Parameters.AddWithValue("$n", o.Record.Number);
            cmd.Parameters.AddWithValue("$c", o.Config.Trainer + "|" + o.Config.Describe());
            cmd.Parameters.AddWithValue("$r", JsonSerializer.Serialize(o.Record with { Parameters = new Dictionary<string, double>(o.Record.Parameters) }, Json.Options));
            cmd.Parameters.AddWithValue("$o", (object?)oof ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$m", (object?)models ?? DBNull.Value);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>The stored outcome of trial <paramref name="number"/> when it had the same configuration; otherwise null.</summary>
    public TrialOutcome? TryLoad(int number, TrialConfig cfg, int rows, int width, MLContext ml)
    {
        lock (_lock)
        {
            using var cmd = _db.CreateCommand();
            cmd.CommandText = "SELECT config, record, oof, models FROM trials WHERE number=$n";
            cmd.Parameters.AddWithValue("$n", number);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            if (r.GetString(0) != cfg.Trainer + "|" + cfg.Describe()) return null;
            var record = JsonSerializer.Deserialize<TrialRecord>(r.GetString(1), Json.Options)!;
            // Cancelled trials are run again on resume; complete, pruned and failed ones are kept.
            if (record.State == TrialState.Cancelled) return null;
            PredictionMatrix? oof = null;
            if (!r.IsDBNull(2))
            {
                var bytes = (byte[])r[2];
                oof = PredictionMatrix.Create(rows, width);
                Buffer.BlockCopy(bytes, 0, oof.Values, 0, Math.Min(bytes.Length, oof.Values.Length * sizeof(float)));
            }
            List<ITransformer>? models = null;
            if (!r.IsDBNull(3))
            {
                models = [];
                using var zip = new ZipArchive(new MemoryStream((byte[])r[3]), ZipArchiveMode.Read);
                byte[]? Read(string n)
                {
                    var e = zip.GetEntry(n);
                    if (e is null) return null;
                    using var s = e.Open();
                    using var one = new MemoryStream();
                    s.CopyTo(one);
                    return one.ToArray();
                }
                for (int i = 0; zip.GetEntry($"{i}.zip") is not null; i++)
                    models.Add(ModelIO.Deserialize(ml, Read($"{i}.zip")!, Read($"{i}.deep")));
            }
            return new TrialOutcome(record with { Resumed = true }, cfg, oof, models);
        }
    }

    public void Dispose() => _db.Dispose();

    private static class Json
    {
        public static readonly JsonSerializerOptions Options = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
    }
}
