from nb import write, refs
write("01-tabular-automl", [
("md", """# Tabular AutoML

From a CSV file to a saved model in one call: inspect the data, run DeepRoad's AutoML under a small budget, read the
leaderboard, look at the optimisation history and the feature importance, score the test set, predict on new rows,
then save and load the model. Data: `breast_cancer` (569 tumours, 30 measurements, label `diagnosis`, positive class
`malignant`).

`mlContext.DeepRoad().AutoML(options).FitAsync(...)` searches featurizer × trainer × hyperparameters
(Gaussian-process search within each trainer, cheap trainers first, successive halving on rows), cross-validates
every trial with stratified folds, keeps every trial's out-of-fold predictions and blends the best trials into the
final model."""),
("cs", refs("AutoML") + """

using DeepRoad.AutoML;
using DeepRoad.Interactive;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using System.IO;

DeepRoadFormatters.Register();
var ml = new MLContext(seed: 0);
const string trainPath = "../data/breast_cancer/train.csv", testPath = "../data/breast_cancer/test.csv";"""),
("md", """## Inspect the dataset

`DataLoader` infers each column's type and role and the task from the label. The report is a table."""),
("cs", """var train = DataLoader.LoadFile(ml, trainPath, new DataLoadOptions { Label = "diagnosis" });
display($"{train.Schema.RowCount} training rows, task {train.Schema.Task}, classes {string.Join(" / ", train.Schema.Label!.ClassNamesInLabelOrder)}");
train.Schema"""),
("md", """## Run AutoML

The budget is tiny on purpose, because CI runs this notebook: 12 trials, 3-fold cross-validation, 2 workers, and
at most 90 seconds. A trial budget with a fixed seed makes the leaderboard reproducible. For a real search, drop
`MaxTrials` and give a `TimeBudget` of a few minutes. The progress callback sees every finished trial."""),
("cs", """var options = new AutoMLOptions
{
    LabelColumn = "diagnosis",
    Metric = MetricKind.RocAuc,
    MaxTrials = 12,
    TimeBudget = TimeSpan.FromSeconds(90),
    Folds = 3,
    Workers = 2,
    Seed = 0,
};
var finished = new List<string>();
var progress = new Progress<AutoMLProgress>(p => { if (p.Trial is { } t) lock (finished) finished.Add($"#{t.Number} {t.Trainer} {t.State} {t.Score:F4}"); });
var result = await ml.DeepRoad().AutoML(options).FitAsync(trainPath, progress);
display($"{finished.Count} progress events; first: {string.Join("; ", finished.Take(3))}");
result"""),
("md", """## Leaderboard

Every trial, best first: the trainer, its state, the cross-validated ROC-AUC, the fit time, the parameters and the
featurization pipeline. Failed or cancelled trials stay on the board with their error."""),
("cs", """result.Leaderboard"""),
("md", """## Optimisation history

The best cross-validated ROC-AUC found so far, against the trial number and against the time since the start."""),
("cs", """Charts.OptimisationHistory(result.Leaderboard)"""),
("md", """## The final model on the test set

The final model is the ensemble above (or the best single trial when blending does not help). `Evaluate` scores a
labelled file with the standard metrics of the task; the best single trial is shown beside it."""),
("cs", """var final = result.Model.Evaluate(testPath);
var single = result.BestSingleModel.Evaluate(testPath);
display(HTML(HtmlTable.Build(["metric", "final model", "best single trial"],
    final.Keys.Select(k => (IReadOnlyList<object?>)[k, final[k], single[k]]), "test set")));
if (final["auc"] < 0.95) throw new Exception($"test ROC-AUC {final["auc"]:F4} is far below what this dataset allows");"""),
("md", """## Permutation feature importance

Shuffle one input column at a time in the test rows and measure how much the ROC-AUC drops (averaged over 2
repeats). Columns the model relies on drop it the most."""),
("cs", """var importance = result.PermutationFeatureImportance(testPath, repeats: 2);
Charts.FeatureImportance(importance, "ROC-AUC", top: 12)"""),
("md", """## Predict on new rows

One row as a column-name dictionary, and a batch straight from a file (the label column may be absent)."""),
("cs", """var firstTestRow = File.ReadLines(testPath).Take(2).Select(l => l.Split(',')).ToArray();
var row = firstTestRow[0].Zip(firstTestRow[1]).Where(p => p.First != "diagnosis")
    .ToDictionary(p => p.First, p => (object?)double.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture));
var one = result.Predict(row);
display($"first test row: predicted {one.PredictedLabel}, P(malignant) = {one.Probabilities["malignant"]:F3}");

var batch = result.Model.PredictFile(testPath).Take(5).ToArray();
display(HTML(HtmlTable.Build(["row", "predicted", "P(malignant)"],
    batch.Select((p, i) => (IReadOnlyList<object?>)[i + 1, p.PredictedLabel, (double)p.Probabilities["malignant"]]))));"""),
("md", """## Save and load

The whole model (featurizers, members, blend weights, schema) is one zip file, with the leaderboard inside. The
loaded model scores exactly the same."""),
("cs", """var modelPath = Path.Combine(Path.GetTempPath(), "breast_cancer_automl.zip");
result.Save(modelPath);
var loaded = AutoMLResult.Load(modelPath);
var before = result.Model.PredictFile(testPath).Select(p => p.Value).ToArray();
var after = loaded.PredictFile(testPath).Select(p => p.Value).ToArray();
display($"saved {new FileInfo(modelPath).Length / 1024} KiB; same predictions after loading: {before.SequenceEqual(after)}");
if (!before.SequenceEqual(after)) throw new Exception("the loaded model scores differently");"""),
])
