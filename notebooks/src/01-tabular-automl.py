from nb import write, refs
write("01-tabular-automl", [
("md", """# Tabular AutoML

From a CSV file to a saved model: inspect the data, search several trainers and their hyperparameters under a
small budget, read the leaderboard, look at the optimisation history and the feature importance, predict on new
rows, then save and load the model. Data: `breast_cancer` (569 tumours, 30 measurements, label `diagnosis`,
positive class `malignant`).

> **Note.** DeepRoad's one-call AutoML (`mlContext.DeepRoad().AutoML(options).FitAsync(...)`) was not on `main`
> when this notebook was written, so the search below is assembled from the pieces AutoML itself uses:
> schema inference and featurization (DeepRoad.Pipelines), a Gaussian-process search per trainer with
> cross-validation (`BayesSearch` over `TrainerSpaces`), and a leaderboard across trainers."""),
("cs", refs("Pipelines", "Tuning") + """

using DeepRoad.Interactive;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Tuning;
using DeepRoad.Tuning;
using Microsoft.ML;
using Microsoft.ML.Data;
using System.IO;

DeepRoadFormatters.Register();
var ml = new MLContext(seed: 0);"""),
("md", """## Inspect the dataset

`DataLoader` infers each column's type and role and the task from the label. The report is a table."""),
("cs", """var options = new DataLoadOptions { Label = "diagnosis" };
var train = DataLoader.LoadFile(ml, "../data/breast_cancer/train.csv", options);
var test = DataLoader.LoadFile(ml, "../data/breast_cancer/test.csv", train.Schema, options);
var task = train.Schema.Task!.Value;
display($"{train.Schema.RowCount} training rows, task {task}, classes {string.Join(" / ", train.Schema.Label!.ClassNamesInLabelOrder)}");
train.Schema"""),
("md", """## Search trainers and hyperparameters

Featurize once on the training rows, then give each trainer a Gaussian-process search of 4 candidates, each
scored by 3-fold stratified cross-validation (ROC-AUC). The budget is tiny on purpose (CI runs this notebook);
raise `trialsPerTrainer` for a real search."""),
("cs", """var featurizer = DefaultFeaturizer.Build(ml, train.Schema).Fit(train.WithPreparedLabel(ml));
var trainRows = ml.Data.Cache(featurizer.Transform(train.WithPreparedLabel(ml)));
var testRows = ml.Data.Cache(featurizer.Transform(test.WithPreparedLabel(ml)));

const int trialsPerTrainer = 4;
MetricKind[] metrics = [MetricKind.RocAuc, MetricKind.Accuracy, MetricKind.F1];
var searches = new Dictionary<TrainerKind, SearchCV>();
var watch = System.Diagnostics.Stopwatch.StartNew();
foreach (var kind in new[] { TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.Sdca, TrainerKind.Lbfgs })
{
    var space = TrainerSpaces.For(kind, task, maxIterations: 60);
    var search = new BayesSearch(ml, space.Space, p => space.Create(ml, p), task,
        new SearchCVOptions { Trials = trialsPerTrainer, Folds = 3, Seed = 0, Metrics = metrics, StudyName = kind.ToString() });
    searches[kind] = await search.FitAsync(trainRows);
    display($"{kind,-9} best CV ROC-AUC {search.BestScore:F4}  ({watch.Elapsed.TotalSeconds:F0} s so far)");
}"""),
("md", """## Leaderboard

Every candidate of every trainer, best first (mean over the 3 folds, ± the standard deviation)."""),
("cs", """var leaderboard = searches.SelectMany(s => s.Value.Results.Where(r => r.Rank is not null).Select(r => (Trainer: s.Key, Row: r)))
    .OrderByDescending(x => x.Row.Mean[MetricKind.RocAuc]).ToList();
display(HTML(HtmlTable.Build(["rank", "trainer", "trial", "ROC-AUC", "± sd", "accuracy", "F1", "fit s", "parameters"],
    leaderboard.Select((x, i) => (IReadOnlyList<object?>)[i + 1, x.Trainer.ToString(), x.Row.TrialNumber, x.Row.Mean[MetricKind.RocAuc], x.Row.StandardDeviation[MetricKind.RocAuc],
        x.Row.Mean[MetricKind.Accuracy], x.Row.Mean[MetricKind.F1], x.Row.FitSeconds, x.Row.Parameters.ToString()]),
    $"{leaderboard.Count} candidates, 3-fold CV on {train.Schema.RowCount} rows", new HashSet<int> { 0 })));"""),
("md", """## Optimisation history

The best cross-validated ROC-AUC found so far, per trainer, against the trial number."""),
("cs", """Charts.BestSoFar("Best CV ROC-AUC so far", StudyDirection.Maximize,
    searches.Select(s => (s.Key.ToString(), s.Value.StudyResult!.Trials)).ToArray())"""),
("cs", """public class FeatureRow { public bool Label { get; set; } public float[] Features { get; set; } = []; }"""),
("md", """## The winner on the test set, and feature importance

The best candidate was refitted on all training rows. Permutation feature importance: shuffle one feature at a
time in the test rows (3 repeats) and measure how much the ROC-AUC drops; `FeatureRow` (the cell above) is the
row type the shuffled copies are read back through."""),
("cs", """var best = leaderboard[0];
var model = searches[best.Trainer].BestModel!;
float[] truth = LabelReader.Read(testRows, task);
var predictions = PredictionExtractor.Extract(model.Transform(testRows), task, 2);
display($"winner: {best.Trainer} ({best.Row.Parameters})");
display($"test ROC-AUC {Metric.Compute(MetricKind.RocAuc, truth, predictions, task):F4}, accuracy {Metric.Compute(MetricKind.Accuracy, truth, predictions, task):F4}");

// Permutation importance by hand on the featurized test rows: shuffle one slot of `Features`, re-score, 3 repeats.
VBuffer<ReadOnlyMemory<char>> slotNames = default;
testRows.Schema["Features"].GetSlotNames(ref slotNames);
string[] featureNames = slotNames.DenseValues().Select(n => n.ToString()).ToArray();
float[][] x = testRows.GetColumn<float[]>("Features").ToArray();
bool[] y = testRows.GetColumn<bool>("Label").ToArray();
var definition = SchemaDefinition.Create(typeof(FeatureRow));
definition["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureNames.Length);
double TestAuc(float[][] features) => Metric.Compute(MetricKind.RocAuc, truth, PredictionExtractor.Extract(
    model.Transform(ml.Data.LoadFromEnumerable(features.Select((f, i) => new FeatureRow { Label = y[i], Features = f }), definition)), task, 2), task);
double baseline = TestAuc(x);
var random = new Random(0);
var importance = featureNames.Select((name, j) => (name, Enumerable.Range(0, 3).Average(_ =>
{
    int[] order = Enumerable.Range(0, x.Length).OrderBy(_ => random.Next()).ToArray();
    return baseline - TestAuc(x.Select((row, i) => { var copy = (float[])row.Clone(); copy[j] = x[order[i]][j]; return copy; }).ToArray());
}))).ToArray();
Charts.Bars("Permutation importance (drop in test ROC-AUC), top 12", "ROC-AUC drop", importance.OrderByDescending(p => p.Item2).Take(12))"""),
("md", """## Predict on new rows

New rows come without a label; they are read with the training schema, so every column gets the training type."""),
("cs", """var newRowsPath = Path.Combine(Path.GetTempPath(), "breast_cancer_new_rows.csv");
var lines = File.ReadLines("../data/breast_cancer/test.csv").Take(4).ToArray();
int labelIndex = Array.IndexOf(lines[0].Split(','), "diagnosis");
File.WriteAllLines(newRowsPath, lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != labelIndex))));
var newRows = DataLoader.LoadFile(ml, newRowsPath, train.Schema, options);
var scored = model.Transform(featurizer.Transform(newRows.Data));
var probabilities = scored.GetColumn<float>("Probability").ToArray();
var labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
display(HTML(HtmlTable.Build(["row", "predicted", "P(malignant)"],
    probabilities.Select((p, i) => (IReadOnlyList<object?>)[i + 1, labels[i] ? "malignant" : "benign", (double)p]))));"""),
("md", """## Save and load

The featurizer and the model go into one ML.NET zip; the loaded model scores the same."""),
("cs", """var modelPath = Path.Combine(Path.GetTempPath(), "breast_cancer_model.zip");
var pipeline = new Microsoft.ML.Data.TransformerChain<ITransformer>(featurizer, model);
ml.Model.Save(pipeline, newRows.Data.Schema, modelPath);
var loaded = ml.Model.Load(modelPath, out var inputSchema);
var again = loaded.Transform(newRows.Data).GetColumn<float>("Probability").ToArray();
display($"saved {new FileInfo(modelPath).Length / 1024} KiB; same probabilities after loading: {again.SequenceEqual(probabilities)}");
if (!again.SequenceEqual(probabilities)) throw new Exception("the loaded model scores differently");"""),
])
