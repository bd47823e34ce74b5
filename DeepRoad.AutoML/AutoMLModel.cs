using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Ensembling;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Splits;

namespace DeepRoad.AutoML;

/// <summary>
/// A fitted AutoML model: the schema inferred by DeepRoad.Pipelines plus members (each a featurizer + trainer chain,
/// refit on all rows or the average of its fold models) combined by weights (Caruana selection) or by a stacking
/// meta-learner. Predicts from files, dictionaries, data views or typed objects,
/// and saves to one zip (format version <see cref="FormatVersion"/>).
/// </summary>
public sealed class AutoMLModel
{
    /// <summary>Version of the model file format written by <see cref="Save"/>.</summary>
    public const int FormatVersion = 2;

    private readonly MLContext _ml;
    private readonly IReadOnlyList<IReadOnlyList<ITransformer>> _models;
    private readonly ITransformer? _meta;

    internal AutoMLModel(MLContext ml, InferredSchema schema, MetricKind metric, IReadOnlyList<ModelMember> members, IReadOnlyList<IReadOnlyList<ITransformer>> models,
        ITransformer? meta = null, double decisionThreshold = Pipelines.Metrics.DecisionThreshold.Default)
    {
        _ml = ml;
        DecisionThreshold = decisionThreshold;
        Schema = schema;
        Metric = metric;
        Members = members;
        _models = models;
        _meta = meta;
        _rowMappers = new Lazy<RowMappers?>(BindRowMappers, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Every fold model bound once to the prediction input schema, for rows given one or a few at a time.</summary>
    private sealed record RowMappers(DataViewSchema Input, IRowToRowMapper[][] Mappers);

    private readonly Lazy<RowMappers?> _rowMappers;

    private RowMappers? BindRowMappers()
    {
        if (_models.SelectMany(m => m).Any(t => !t.IsRowToRowMapper)) return null;
        var input = AutoMLData.Empty(Schema).Schema;
        try
        {
            return new RowMappers(input, _models.Select(m => m.Select(t => t.GetRowToRowMapper(input)).ToArray()).ToArray());
        }
        catch (NotSupportedException)
        {
            return null; // a step that maps only whole views: rows take the batch path
        }
    }

    /// <summary>The columns, roles, label, task and classes DeepRoad.Pipelines inferred from the training data.</summary>
    public InferredSchema Schema { get; }

    /// <summary>How the members are combined.</summary>
    public FinalMethod Method => _meta is not null ? FinalMethod.Stacking : Members.Count > 1 ? FinalMethod.Selection : FinalMethod.Single;

    /// <summary>The user's label column.</summary>
    public string LabelColumn => Schema.Label!.Column;

    /// <summary>Class names in label order (index i = class i; for binary [negative, positive]); empty for regression.</summary>
    public IReadOnlyList<string> ClassNames => Task == MLTask.Regression ? [] : Schema.Label!.ClassNamesInLabelOrder;

    internal int Width => Task == MLTask.Regression ? 1 : ClassNames.Count;

    /// <summary>The metric the model was selected on.</summary>
    public MetricKind Metric { get; }

    /// <summary>
    /// Binary classification: the predicted label is the positive class (<c>ClassNames[1]</c>) where P(true) is above
    /// this threshold. 0.5 (the arg-max) unless AutoML tuned it on out-of-fold predictions
    /// (<see cref="AutoMLOptions.CalibrateDecisionThreshold"/>) or <see cref="WithDecisionThreshold"/> set it. It changes
    /// the labels and the class-based metrics (accuracy, macro-F1), never the probabilities, ROC-AUC or log-loss.
    /// </summary>
    public double DecisionThreshold { get; }

    /// <summary>
    /// The same model with another decision threshold (binary classification only), for a business rule such as
    /// "flag above 0.2"; the members are shared, not copied. Save it to keep the threshold in the file.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not a binary classifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in [0, 1].</exception>
    public AutoMLModel WithDecisionThreshold(double threshold)
    {
        if (Task != MLTask.BinaryClassification)
            throw new InvalidOperationException($"a decision threshold applies to binary classification; this model's task is {Task}.");
        if (!(threshold >= 0 && threshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the decision threshold must be between 0 and 1.");
        return new AutoMLModel(_ml, Schema, Metric, Members, _models, _meta, threshold);
    }

    /// <summary>The threshold to pass to the metrics: null (arg-max) except for binary classification.</summary>
    internal double? MetricThreshold => Task == MLTask.BinaryClassification ? DecisionThreshold : null;

    /// <summary>Members with their weights (sum to 1).</summary>
    public IReadOnlyList<ModelMember> Members { get; }

    /// <summary>The learning task.</summary>
    public MLTask Task => Schema.Label!.Task;

    internal IReadOnlyList<IReadOnlyList<ITransformer>> Transformers => _models;
    internal MLContext Context => _ml;

    /// <summary>Scores a view typed by <see cref="Schema"/> (see <see cref="AutoMLData"/>).</summary>
    /// <remarks>
    /// A member is served as the average of its fold models, so a blend of a few members is ten or more fitted pipelines,
    /// each featurizing and scoring every row. They are independent (each reads the view through its own cursor), so they
    /// run in parallel, one per core; the results are blended in member and fold order, the same numbers as one by one.
    /// </remarks>
    internal PredictionMatrix Score(IDataView view, int? chunkRows = null)
    {
        int jobCount = _models.Sum(f => f.Count);
        int rows = view.GetRowCount() is { } known ? checked((int)known) : DataViewRows.Count(view);
        int chunk = chunkRows ?? ChunkRows(jobCount, Width);
        if (rows <= chunk) return ScoreAll(view);
        // Every fold model's predictions of every row, held at once, are jobs x rows x classes floats: 800 MB for 40 fold
        // models of a 50-class blend on 100 000 rows. A chunk of rows at a time bounds that (the models are row-wise, so
        // the numbers are the same).
        var result = PredictionMatrix.Create(rows, Width);
        for (int start = 0; start < rows; start += chunk)
        {
            int n = Math.Min(chunk, rows - start);
            var part = ScoreAll(DataViewRows.Select(_ml, view, Enumerable.Range(start, n).ToArray()));
            Array.Copy(part.Values, 0, result.Values, (long)start * Width, part.Values.Length);
        }
        return result;
    }

    /// <summary>
    /// Rows scored at a time: the fold models' predictions of a chunk stay under 16 M floats (64 MB), between 1024 and
    /// 65 536 rows.
    /// </summary>
    internal static int ChunkRows(int jobs, int width) => (int)Math.Clamp((16L << 20) / Math.Max(1L, (long)jobs * width), 1024, 65_536);

    private PredictionMatrix ScoreAll(IDataView view)
    {
        var jobs = _models.SelectMany((folds, m) => folds.Select(t => (Member: m, Model: t))).ToList();
        var scored = new PredictionMatrix[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Math.Min(Environment.ProcessorCount, jobs.Count)) },
            i => scored[i] = PredictionExtractor.Extract(jobs[i].Model.Transform(view), Task, Width));
        var parts = new List<PredictionMatrix>();
        for (int m = 0; m < _models.Count; m++)
        {
            var folds = Enumerable.Range(0, jobs.Count).Where(i => jobs[i].Member == m).Select(i => scored[i]).ToList();
            parts.Add(folds.Count == 1 ? folds[0] : Blend(folds, folds.Select(_ => 1.0).ToList()));
        }
        return _meta is not null ? MetaStack.Predict(_ml, _meta, parts, Task, Width) : Blend(parts, Members.Select(x => x.Weight).ToList());
    }

    /// <summary>
    /// Scores rows given as dictionaries or objects. A chain's <c>Transform</c> binds every step's schema again on each
    /// call (about 2 ms per fold model, 20 ms for a two-member bag of five folds, where scoring one row takes a fraction
    /// of a millisecond), so rows go through models bound once to a reusable input row (<see cref="RowScorer"/>), as
    /// ML.NET's PredictionEngine does.
    /// </summary>
    private PredictionMatrix ScoreRows(IDataView view)
    {
        // Past a few dozen rows the batch path's fixed cost is paid back (on adult's model: about 25 ms once against 0.6 ms
        // a row by row, 0.1 ms a row in a batch).
        if (view is not InMemoryDataView { RowCount: <= RowPathMaxRows } memory || _rowMappers.Value is not { } rm || memory.WithSchema(rm.Input) is not { } bound)
            return Score(view);
        // A scorer holds one input row and its getters, so each call takes its own from the pool (several threads may predict).
        var scorer = _rowScorers.TryTake(out var pooled) ? pooled : new RowScorer(rm.Input, rm.Mappers, Task, Width);
        List<PredictionMatrix> parts;
        try { parts = scorer.Score(bound); }
        finally { _rowScorers.Add(scorer); }
        return _meta is not null ? MetaStack.Predict(_ml, _meta, parts, Task, Width) : Blend(parts, Members.Select(x => x.Weight).ToList());
    }

    private readonly System.Collections.Concurrent.ConcurrentBag<RowScorer> _rowScorers = [];

    private const int RowPathMaxRows = 32;

    /// <summary>Weighted average of prediction matrices of the same shape (members of a blend, fold models of a member).</summary>
    internal static PredictionMatrix Blend(IReadOnlyList<PredictionMatrix> parts, IReadOnlyList<double> weights)
    {
        var m = PredictionMatrix.Create(parts[0].Rows, parts[0].Width);
        double total = weights.Sum();
        for (int p = 0; p < parts.Count; p++)
        {
            float w = (float)(weights[p] / total);
            var src = parts[p].Values;
            for (int i = 0; i < src.Length; i++) m.Values[i] += w * src[i];
        }
        return m;
    }

    /// <summary>The standard report for a task (Pipelines metrics under AutoML's report names):
    /// accuracy, macro_f1, auc, log_loss or rmse, mae, r2, plus <paramref name="selectedOn"/> (the metric the model was
    /// selected on, such as f1 or balanced_accuracy) under its own name when the set lacks it. Binary class metrics are
    /// taken at <paramref name="decisionThreshold"/> (null: the arg-max).</summary>
    internal static IReadOnlyDictionary<string, double> Report(MLTask task, float[] truth, PredictionMatrix p, double? decisionThreshold = null, MetricKind? selectedOn = null)
    {
        (string Name, MetricKind Kind)[] set = task == MLTask.Regression
            ? [("rmse", MetricKind.Rmse), ("mae", MetricKind.Mae), ("r2", MetricKind.R2)]
            : [("accuracy", MetricKind.Accuracy), ("macro_f1", MetricKind.MacroF1), ("auc", MetricKind.RocAuc), ("log_loss", MetricKind.LogLoss)];
        if (selectedOn is { } k && k.AppliesTo(task) && set.All(x => x.Kind != k)) set = [.. set, (MetricNames.ToName(k), k)];
        return set.ToDictionary(x => x.Name, x => Pipelines.Metrics.Metric.Compute(x.Kind, truth, p, task, decisionThreshold));
    }

    internal IReadOnlyList<ModelPrediction> ToPredictions(PredictionMatrix s)
    {
        var list = new List<ModelPrediction>(s.Rows);
        var argMax = Task == MLTask.BinaryClassification ? s.PredictedClasses(DecisionThreshold) : s.ArgMax();
        for (int r = 0; r < s.Rows; r++)
        {
            var row = s.Row(r);
            if (Task == MLTask.Regression) { list.Add(new ModelPrediction { Value = row[0] }); continue; }
            int k = argMax[r];
            var probs = new Dictionary<string, float>();
            for (int i = 0; i < row.Length; i++) probs[ClassNames[i]] = row[i];
            list.Add(new ModelPrediction { PredictedLabel = ClassNames[k], Probabilities = probs, Value = row[k] });
        }
        return list;
    }

    /// <summary>Predicts every row of a CSV/TSV file (must hold the feature columns; the label is optional).</summary>
    public IReadOnlyList<ModelPrediction> PredictFile(string path) =>
        ToPredictions(Score(AutoMLData.FromFile(_ml, Schema, path, requireLabel: false, out _)));

    /// <summary>Predicts every row of a data view with the feature columns (scalar number, boolean or text columns).</summary>
    public IReadOnlyList<ModelPrediction> Predict(IDataView data) =>
        ToPredictions(Score(AutoMLData.FromView(_ml, Schema, data)));

    /// <summary>Predicts one row given as column name to value (numbers, strings, booleans; null = missing).</summary>
    public ModelPrediction Predict(IReadOnlyDictionary<string, object?> row) => PredictBatch([row])[0];

    /// <summary>Predicts a batch of rows given as column name to value.</summary>
    public IReadOnlyList<ModelPrediction> PredictBatch(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows) =>
        rows.Count == 0 ? [] : ToPredictions(ScoreRows(AutoMLData.FromRows(_ml, Schema, rows)));

    /// <summary>A typed engine, like ML.NET's PredictionEngine: public properties and fields are matched to columns by name.</summary>
    public AutoMLPredictionEngine<TInput> CreatePredictionEngine<TInput>() where TInput : class => new(this);

    /// <summary>Scores a labelled CSV file: accuracy, macro_f1, auc, log_loss (classification) or rmse, mae, r2 (regression),
    /// and the metric the model was selected on when it is none of those (f1, balanced_accuracy, mse, ...). Binary class
    /// metrics are at <see cref="DecisionThreshold"/>.</summary>
    public IReadOnlyDictionary<string, double> Evaluate(string path)
    {
        var view = AutoMLData.FromFile(_ml, Schema, path, requireLabel: true, out var truth);
        return Report(Task, truth!, Score(view), MetricThreshold, Metric);
    }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new JsonStringEnumConverter() } };

    /// <summary>manifest.json. <c>DecisionThreshold</c> is absent (null, 0.5) in files written before it existed.</summary>
    internal sealed record Manifest(string Format, int FormatVersion, SchemaJson Schema, MetricKind Metric, IReadOnlyList<ManifestMember> Members, string? Meta,
        double? DecisionThreshold = null);

    /// <summary>The Pipelines schema as stored in manifest.json (the records' computed properties left out).</summary>
    internal sealed record SchemaJson(string Source, int RowCount, IReadOnlyList<ColumnInfo> Columns, LabelInfo? Label, string? BaseDirectory)
    {
        public static SchemaJson From(InferredSchema s) => new(s.Source, s.RowCount, s.Columns, s.Label, s.BaseDirectory);
        public InferredSchema ToSchema() => new() { Source = Source, RowCount = RowCount, Columns = Columns, Label = Label, BaseDirectory = BaseDirectory };
    }
    internal sealed record ManifestMember(ModelMember Member, IReadOnlyList<string> Models);

    /// <summary>Saves the model as one zip: manifest.json (format version, schema, members, weights) and each member's ML.NET model.</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? extraEntries = null)
    {
        // Written beside the target and renamed over it when complete: an interrupted save keeps the previous model.
        AtomicFile.Write(path, fs => WriteZip(fs, extraEntries));
    }

    private void WriteZip(Stream fs, IReadOnlyDictionary<string, string>? extraEntries)
    {
        var inputSchema = AutoMLData.Empty(Schema).Schema;
        using var zip = new ZipArchive(fs, ZipArchiveMode.Create, leaveOpen: true);
        var mm = new List<ManifestMember>();
        for (int m = 0; m < Members.Count; m++)
        {
            var names = new List<string>();
            for (int f = 0; f < _models[m].Count; f++)
            {
                string name = $"members/{m}/{f}.zip";
                using (var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open()) s.Write(Persistence.ModelIO.Serialize(_ml, _models[m][f], inputSchema));
                names.Add(name);
            }
            mm.Add(new ManifestMember(Members[m], names));
        }
        string? meta = null;
        if (_meta is not null)
        {
            meta = "stack/meta.zip";
            var metaInput = MetaStack.View(_ml, _models.Select(_ => PredictionMatrix.Create(0, Width)).ToList(), Task, Width, null).Schema;
            using var s = zip.CreateEntry(meta, CompressionLevel.NoCompression).Open();
            s.Write(Persistence.ModelIO.Serialize(_ml, _meta, metaInput));
        }
        using (var s = zip.CreateEntry("manifest.json").Open())
            JsonSerializer.Serialize(s, new Manifest("deeproad-automl", FormatVersion, SchemaJson.From(Schema), Metric, mm, meta,
                Task == MLTask.BinaryClassification ? DecisionThreshold : null), Json);
        if (extraEntries is not null)
            foreach (var (name, text) in extraEntries)
            {
                using var w = new StreamWriter(zip.CreateEntry(name).Open());
                w.Write(text);
            }
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static AutoMLModel Load(string path, MLContext? context = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: model file not found.", path);
        var ml = context ?? new MLContext(seed: 0);
        ZipArchive zip;
        try { zip = ZipFile.OpenRead(path); }
        catch (InvalidDataException) { throw new DeepRoadDataException($"{path}: not a DeepRoad model (not a zip file).") { File = path }; }
        using (zip)
        {
            var entry = zip.GetEntry("manifest.json") ?? throw new DeepRoadDataException($"{path}: not a DeepRoad model (no manifest.json).") { File = path };
            Manifest manifest;
            using (var s = entry.Open()) manifest = JsonSerializer.Deserialize<Manifest>(s, Json) ?? throw new DeepRoadDataException($"{path}: empty manifest.") { File = path };
            if (manifest.Format != "deeproad-automl" || manifest.FormatVersion != FormatVersion)
                throw new DeepRoadDataException($"{path}: model format '{manifest.Format}' version {manifest.FormatVersion} is not supported (this build reads version {FormatVersion}).") { File = path };
            var models = new List<IReadOnlyList<ITransformer>>();
            foreach (var m in manifest.Members)
            {
                var list = new List<ITransformer>();
                foreach (var name in m.Models)
                {
                    list.Add(Persistence.ModelIO.Deserialize(ml, ReadAll(zip, name)!, ReadAll(zip, name + ".deep")));
                }
                models.Add(list);
            }
            ITransformer? meta = manifest.Meta is { } metaName ? Persistence.ModelIO.Deserialize(ml, ReadAll(zip, metaName)!) : null;
            return new AutoMLModel(ml, manifest.Schema.ToSchema(), manifest.Metric, manifest.Members.Select(m => m.Member).ToList(), models, meta,
                manifest.DecisionThreshold ?? Pipelines.Metrics.DecisionThreshold.Default);
        }
    }

    /// <summary>The bytes of a zip entry, or null when it is absent.</summary>
    internal static byte[]? ReadAll(ZipArchive zip, string name)
    {
        var e = zip.GetEntry(name);
        if (e is null) return null;
        using var s = e.Open();
        using var buffer = new MemoryStream();
        s.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Reads a text entry stored next to the model (e.g. leaderboard.csv), or null.</summary>
    public static string? ReadEntry(string path, string name)
    {
        using var zip = ZipFile.OpenRead(path);
        var e = zip.GetEntry(name);
        if (e is null) return null;
        using var r = new StreamReader(e.Open());
        return r.ReadToEnd();
    }

    internal static IReadOnlyDictionary<string, object?> ToRow(object input)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        var t = input.GetType();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
            d[p.Name] = p.GetValue(input);
        foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
            d[f.Name] = f.GetValue(input);
        return d;
    }
}
