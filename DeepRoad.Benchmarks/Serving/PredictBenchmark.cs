using System.Diagnostics;
using System.Globalization;
using DeepRoad.AutoML;

namespace DeepRoad.Benchmarks.Serving;

/// <summary>
/// Serving speed of a saved AutoML model: one row at a time through <see cref="AutoMLModel.Predict(IReadOnlyDictionary{string, object?})"/>
/// (what a web request does), and the whole file through <see cref="AutoMLModel.PredictFile"/>. The peer in the same run is
/// scikit-learn's HistGradientBoosting fitted on the same training file (ordinal-encoded categories), timed the same two ways.
/// Usage: <c>predict --model M.zip --train TRAIN.csv --test TEST.csv --label COL [--rows 200] [--out FILE]</c>.
/// </summary>
public static class PredictBenchmark
{
    public static int Run(string[] args)
    {
        string model = BenchArgs.Get(args, "--model") ?? throw new ArgumentException("--model is required");
        string train = BenchArgs.Get(args, "--train") ?? throw new ArgumentException("--train is required");
        string test = BenchArgs.Get(args, "--test") ?? throw new ArgumentException("--test is required");
        string label = BenchArgs.Get(args, "--label") ?? throw new ArgumentException("--label is required");
        int n = int.Parse(BenchArgs.Get(args, "--rows") ?? "200", CultureInfo.InvariantCulture);
        string? outPath = BenchArgs.Get(args, "--out");

        var m = AutoMLModel.Load(model);
        var rows = ReadRows(test, label).Take(n).ToList();
        m.Predict(rows[0]); // warm-up: JIT and the first binding
        var single = new List<double>();
        foreach (var row in rows)
        {
            var sw = Stopwatch.StartNew();
            m.Predict(row);
            single.Add(sw.Elapsed.TotalMilliseconds);
        }
        m.PredictFile(test);
        var batchTimes = new List<double>();
        int batchRows = 0;
        for (int i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            batchRows = m.PredictFile(test).Count;
            batchTimes.Add(sw.Elapsed.TotalSeconds);
        }
        var peer = Peer(train, test, label, n);

        string Median(IEnumerable<double> xs) { var s = xs.Order().ToArray(); return s[s.Length / 2].ToString("0.000", CultureInfo.InvariantCulture); }
        double ourSingle = single.Order().ElementAt(single.Count / 2), ourBatch = batchRows / batchTimes.Min();
        var md = $"""
model: `{model}` ({m.Members.Count} member(s): {string.Join(", ", m.Members.Select(x => x.Trainer))}; method {m.Method}), test file `{test}` ({batchRows} rows)

| | one row (median ms over {n} rows) | whole file (rows/s, best of 3) |
|---|---:|---:|
| DeepRoad `Predict(dictionary)` / `PredictFile` | {Median(single)} | {ourBatch:N0} |
| scikit-learn HistGradientBoosting `predict_proba` (one model) | {peer.SingleMs.ToString("0.000", CultureInfo.InvariantCulture)} | {peer.RowsPerSecond:N0} |

One row: DeepRoad takes {ourSingle / peer.SingleMs:0.00}x the peer's time.
""";
        Console.WriteLine(md);
        if (outPath is not null) File.WriteAllText(outPath, md);
        return 0;
    }

    private sealed record PeerResult(double SingleMs, double RowsPerSecond);

    private static PeerResult Peer(string train, string test, string label, int n)
    {
        const string script = """
import sys, time, json
import numpy as np, pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import OrdinalEncoder
from sklearn.pipeline import make_pipeline
train, test, label, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tr = pd.read_csv(train); te = pd.read_csv(test)
tr = tr[tr[label].notna()]
X = tr.drop(columns=[label]); y = tr[label]; Xt = te.drop(columns=[label], errors="ignore")
cat = [c for c in X.columns if X[c].dtype == object]
prep = ColumnTransformer([("cat", OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=-1, encoded_missing_value=-1), cat)], remainder="passthrough")
reg = y.dtype != object and y.nunique() > 20
model = make_pipeline(prep, HistGradientBoostingRegressor(random_state=0) if reg else HistGradientBoostingClassifier(random_state=0)).fit(X, y)
predict = model.predict if reg else model.predict_proba
predict(Xt.iloc[:1])
times = []
for i in range(min(n, len(Xt))):
    row = Xt.iloc[i:i + 1]
    t = time.perf_counter(); predict(row); times.append((time.perf_counter() - t) * 1000)
runs = []
for _ in range(3):
    t = time.perf_counter(); predict(Xt); runs.append(time.perf_counter() - t)
print(json.dumps({"SingleMs": float(np.median(times)), "RowsPerSecond": len(Xt) / min(runs)}))
""";
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-c", script, train, test, label, n.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException("scikit-learn peer failed (apt-get install -y python3-sklearn python3-pandas): " + err);
        return System.Text.Json.JsonSerializer.Deserialize<PeerResult>(output.Trim().Split('\n')[^1])!;
    }

    /// <summary>The file's rows as column name to text (empty = missing), without the label: what a caller hands over.</summary>
    private static IEnumerable<IReadOnlyDictionary<string, object?>> ReadRows(string path, string label)
    {
        using var reader = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { HasHeader = true });
        var headers = reader.Headers.ToArray();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (int i = 0; i < headers.Length; i++)
                if (headers[i] != label) row[headers[i]] = reader.GetString(i) is { Length: > 0 } s ? s : null;
            yield return row;
        }
    }
}
