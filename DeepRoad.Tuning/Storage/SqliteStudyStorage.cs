using System.Globalization;
using DeepRoad.Tuning.Spaces;
using Microsoft.Data.Sqlite;

namespace DeepRoad.Tuning.Storage;

/// <summary>
/// Study storage in a SQLite file (write-ahead log). Every change is one <c>BEGIN IMMEDIATE</c> transaction with a
/// busy timeout, so several processes can share a study; a process killed mid-study loses no finished trial.
/// </summary>
public sealed class SqliteStudyStorage : IStudyStorage
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();
    private bool _disposed;

    /// <summary>Opens (creating when needed) the database at <paramref name="path"/>.</summary>
    public SqliteStudyStorage(string path, TimeSpan? busyTimeout = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var timeout = (int)(busyTimeout ?? TimeSpan.FromSeconds(60)).TotalSeconds;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path, Pooling = false, DefaultTimeout = timeout, Mode = SqliteOpenMode.ReadWriteCreate,
        }.ToString());
        _connection.Open();
        Execute($"PRAGMA busy_timeout = {timeout * 1000};");
        Execute("PRAGMA journal_mode = WAL;");
        Execute("PRAGMA synchronous = NORMAL;");
        Write(tx =>
        {
            Execute("""
                CREATE TABLE IF NOT EXISTS studies (name TEXT PRIMARY KEY, direction INTEGER NOT NULL, space TEXT NOT NULL, created TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (study TEXT NOT NULL, number INTEGER NOT NULL, state INTEGER NOT NULL, params TEXT NOT NULL,
                    value REAL, error TEXT, started TEXT, finished TEXT, owner TEXT, heartbeat TEXT, PRIMARY KEY (study, number));
                CREATE TABLE IF NOT EXISTS intermediates (study TEXT NOT NULL, number INTEGER NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL,
                    PRIMARY KEY (study, number, step));
                CREATE TABLE IF NOT EXISTS attributes (study TEXT NOT NULL, number INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (study, number, key));
                """, tx);
            return 0;
        });
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    private void Execute(string sql, SqliteTransaction? tx = null, params (string, object?)[] args)
    {
        using var cmd = Command(sql, tx, args);
        cmd.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] args)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }

    private T Write<T>(Func<SqliteTransaction, T> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _connection.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: take the write lock up front
            var result = body(tx);
            tx.Commit();
            return result;
        }
    }

    private T Read<T>(Func<SqliteTransaction, T> body)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _connection.BeginTransaction(deferred: true); // one consistent snapshot
            var result = body(tx);
            tx.Commit();
            return result;
        }
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(object v) => v is string s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;

    /// <inheritdoc />
    public void CreateOrOpenStudy(string study, StudyDirection direction, string searchSpaceJson) => Write(tx =>
    {
        using var q = Command("SELECT direction FROM studies WHERE name = $n", tx, ("$n", study));
        var existing = q.ExecuteScalar();
        if (existing is long d)
        {
            if ((StudyDirection)d != direction) throw new InvalidOperationException($"Study '{study}' in {Path} exists with direction {(StudyDirection)d}, not {direction}.");
            return 0;
        }
        Execute("INSERT INTO studies (name, direction, space, created) VALUES ($n, $d, $s, $c)", tx,
            ("$n", study), ("$d", (int)direction), ("$s", searchSpaceJson), ("$c", Now()));
        return 0;
    });

    /// <inheritdoc />
    public IReadOnlyList<string> GetStudyNames() => Read(tx =>
    {
        using var q = Command("SELECT name FROM studies ORDER BY name", tx);
        using var r = q.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    });

    /// <inheritdoc />
    public string? GetSearchSpaceJson(string study) => Read(tx =>
    {
        using var q = Command("SELECT space FROM studies WHERE name = $n", tx, ("$n", study));
        return q.ExecuteScalar() as string;
    });

    private void RequireStudy(string study, SqliteTransaction tx)
    {
        using var q = Command("SELECT COUNT(*) FROM studies WHERE name = $n", tx, ("$n", study));
        if ((long)q.ExecuteScalar()! == 0) throw new InvalidOperationException($"No study '{study}' in {Path}.");
    }

    /// <inheritdoc />
    public int? CreateTrial(string study, ParameterSet parameters, TrialState state, string? owner, int? maxTrials) => Write<int?>(tx =>
    {
        RequireStudy(study, tx);
        using var q = Command("SELECT COUNT(*) FROM trials WHERE study = $s", tx, ("$s", study));
        if (maxTrials is { } m && (long)q.ExecuteScalar()! >= m) return null;
        return Insert(study, parameters, state, owner, tx);
    });

    /// <inheritdoc />
    public IReadOnlyList<int> QueueTrials(string study, Func<IReadOnlyList<FrozenTrial>, IReadOnlyList<ParameterSet>> select) => Write<IReadOnlyList<int>>(tx =>
    {
        ArgumentNullException.ThrowIfNull(select);
        RequireStudy(study, tx);
        // BEGIN IMMEDIATE holds the write lock from the read to the commit: another connection's QueueTrials waits, then reads these.
        return select(ReadTrials(study, tx)).Select(p => Insert(study, p, TrialState.Waiting, null, tx)).ToList();
    });

    /// <summary>Adds a trial numbered one above the study's highest, inside <paramref name="tx"/>.</summary>
    private int Insert(string study, ParameterSet parameters, TrialState state, string? owner, SqliteTransaction tx)
    {
        using var q = Command("SELECT COALESCE(MAX(number), -1) FROM trials WHERE study = $s", tx, ("$s", study));
        var number = (int)((long)q.ExecuteScalar()! + 1);
        var now = state == TrialState.Running ? Now() : null;
        Execute("INSERT INTO trials (study, number, state, params, owner, started, heartbeat) VALUES ($s, $n, $st, $p, $o, $t, $t)", tx,
            ("$s", study), ("$n", number), ("$st", (int)state), ("$p", parameters.ToJson()), ("$o", owner), ("$t", now));
        return number;
    }

    /// <inheritdoc />
    public FrozenTrial? ClaimWaitingTrial(string study, string owner)
    {
        var number = Write<int?>(tx =>
        {
            using var q = Command("SELECT MIN(number) FROM trials WHERE study = $s AND state = $w", tx, ("$s", study), ("$w", (int)TrialState.Waiting));
            if (q.ExecuteScalar() is not long n) return null;
            var now = Now();
            Execute("UPDATE trials SET state = $r, owner = $o, started = $t, heartbeat = $t WHERE study = $s AND number = $n", tx,
                ("$r", (int)TrialState.Running), ("$o", owner), ("$t", now), ("$s", study), ("$n", n));
            return (int)n;
        });
        return number is { } k ? GetTrials(study).First(t => t.Number == k) : null;
    }

    /// <inheritdoc />
    public void ReportIntermediate(string study, int number, int step, double value) => Write(tx =>
    {
        Execute("INSERT OR REPLACE INTO intermediates (study, number, step, value) VALUES ($s, $n, $k, $v)", tx,
            ("$s", study), ("$n", number), ("$k", step), ("$v", value));
        return 0;
    });

    /// <inheritdoc />
    public void SetAttribute(string study, int number, string key, string value) => Write(tx =>
    {
        Execute("INSERT OR REPLACE INTO attributes (study, number, key, value) VALUES ($s, $n, $k, $v)", tx,
            ("$s", study), ("$n", number), ("$k", key), ("$v", value));
        return 0;
    });

    /// <inheritdoc />
    public void FinishTrial(string study, int number, TrialState state, double? value, string? error) => Write(tx =>
    {
        Execute("UPDATE trials SET state = $st, value = $v, error = $e, finished = $f WHERE study = $s AND number = $n", tx,
            ("$st", (int)state), ("$v", value is { } d && double.IsFinite(d) ? d : null), ("$e", error), ("$f", Now()), ("$s", study), ("$n", number));
        return 0;
    });

    /// <inheritdoc />
    public void Heartbeat(string study, string owner) => Write(tx =>
    {
        Execute("UPDATE trials SET heartbeat = $t WHERE study = $s AND owner = $o AND state = $r", tx,
            ("$t", Now()), ("$s", study), ("$o", owner), ("$r", (int)TrialState.Running));
        return 0;
    });

    /// <inheritdoc />
    public int RecoverStaleTrials(string study, Func<FrozenTrial, bool> isStale, StaleTrialPolicy policy) => Write(tx =>
    {
        var stale = ReadTrials(study, tx).Where(t => t.State == TrialState.Running && isStale(t)).ToList();
        foreach (var t in stale)
        {
            if (policy == StaleTrialPolicy.Requeue)
            {
                Execute("UPDATE trials SET state = $w, owner = NULL, started = NULL, heartbeat = NULL WHERE study = $s AND number = $n", tx,
                    ("$w", (int)TrialState.Waiting), ("$s", study), ("$n", t.Number));
                Execute("DELETE FROM intermediates WHERE study = $s AND number = $n", tx, ("$s", study), ("$n", t.Number));
            }
            else
            {
                Execute("UPDATE trials SET state = $f, error = $e, finished = $t WHERE study = $s AND number = $n", tx,
                    ("$f", (int)TrialState.Failed), ("$e", InMemoryStudyStorage.StaleError(t)), ("$t", Now()), ("$s", study), ("$n", t.Number));
            }
        }
        return stale.Count;
    });

    /// <inheritdoc />
    public IReadOnlyList<FrozenTrial> GetTrials(string study) => Read(tx => ReadTrials(study, tx));

    private List<FrozenTrial> ReadTrials(string study, SqliteTransaction tx)
    {
        var inter = new Dictionary<int, List<KeyValuePair<int, double>>>();
        using (var q = Command("SELECT number, step, value FROM intermediates WHERE study = $s ORDER BY number, step", tx, ("$s", study)))
        using (var r = q.ExecuteReader())
            while (r.Read())
            {
                var n = r.GetInt32(0);
                if (!inter.TryGetValue(n, out var l)) inter[n] = l = new();
                l.Add(new(r.GetInt32(1), r.GetDouble(2)));
            }
        var attrs = new Dictionary<int, Dictionary<string, string>>();
        using (var q = Command("SELECT number, key, value FROM attributes WHERE study = $s", tx, ("$s", study)))
        using (var r = q.ExecuteReader())
            while (r.Read())
            {
                var n = r.GetInt32(0);
                if (!attrs.TryGetValue(n, out var d)) attrs[n] = d = new();
                d[r.GetString(1)] = r.GetString(2);
            }
        var trials = new List<FrozenTrial>();
        using (var q = Command("SELECT number, state, params, value, error, started, finished, owner, heartbeat FROM trials WHERE study = $s ORDER BY number", tx, ("$s", study)))
        using (var r = q.ExecuteReader())
            while (r.Read())
            {
                var n = r.GetInt32(0);
                trials.Add(new FrozenTrial
                {
                    Number = n,
                    State = (TrialState)r.GetInt32(1),
                    Parameters = ParameterSet.FromJson(r.GetString(2)),
                    Value = r.IsDBNull(3) ? null : r.GetDouble(3),
                    Error = r.IsDBNull(4) ? null : r.GetString(4),
                    StartedAt = Time(r.GetValue(5)),
                    FinishedAt = Time(r.GetValue(6)),
                    Owner = r.IsDBNull(7) ? null : r.GetString(7),
                    HeartbeatAt = Time(r.GetValue(8)),
                    IntermediateValues = inter.TryGetValue(n, out var iv) ? iv : [],
                    Attributes = attrs.TryGetValue(n, out var a) ? a : new Dictionary<string, string>(),
                });
            }
        return trials;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
    }
}
