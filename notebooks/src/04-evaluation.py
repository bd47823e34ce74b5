from nb import write, refs
write("04-evaluation", [
("md", """# Evaluation: metrics, confusion matrix, ROC and residual plots, cross-validation

How good is a model? This notebook computes the metrics DeepRoad knows (scikit-learn's definitions), draws the
confusion matrix, the ROC curve and the residuals, and compares plain and stratified k-fold cross-validation.
Data: `breast_cancer` (binary, positive class `malignant`) and `diabetes` (regression), both in `data/`.

The first cell loads DeepRoad from the packages in `artifacts/` (built by `dotnet pack -c Release -o artifacts`)."""),
("cs", refs("Pipelines") + """

using DeepRoad.Interactive;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

DeepRoadFormatters.Register();
var ml = new MLContext(seed: 0);"""),
("md", """## Classification metrics

Load the data (schema inferred), prepare the label (`Label` = true for `malignant`), featurize on the
training rows only, and fit two models: gradient-boosted trees (LightGbm) and a linear model (SDCA logistic regression)."""),
("cs", """var bcOptions = new DataLoadOptions { Label = "diagnosis" };
var bcTrain = DataLoader.LoadFile(ml, "../data/breast_cancer/train.csv", bcOptions);
var bcTest = DataLoader.LoadFile(ml, "../data/breast_cancer/test.csv", bcTrain.Schema, bcOptions);
var bcFeaturizer = DefaultFeaturizer.Build(ml, bcTrain.Schema).Fit(bcTrain.WithPreparedLabel(ml));
var bcTrainRows = ml.Data.Cache(bcFeaturizer.Transform(bcTrain.WithPreparedLabel(ml)));
var bcTestRows = bcFeaturizer.Transform(bcTest.WithPreparedLabel(ml));
var binary = MLTask.BinaryClassification;

var models = new Dictionary<string, IEstimator<ITransformer>>
{
    ["LightGbm"] = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfIterations = 50, NumberOfThreads = 1, Seed = 0 }),
    ["SDCA logistic"] = ml.BinaryClassification.Trainers.SdcaLogisticRegression(maximumNumberOfIterations: 20),
};
float[] bcTruth = LabelReader.Read(bcTestRows, binary);
var bcPredictions = models.ToDictionary(m => m.Key, m => PredictionExtractor.Extract(m.Value.Fit(bcTrainRows).Transform(bcTestRows), binary, 2));

MetricKind[] classificationMetrics = [MetricKind.Accuracy, MetricKind.BalancedAccuracy, MetricKind.Precision, MetricKind.Recall, MetricKind.F1, MetricKind.RocAuc, MetricKind.LogLoss];
display(HTML(HtmlTable.Build(["model", .. classificationMetrics.Select(MetricNames.ToName)],
    bcPredictions.Select(p => (IReadOnlyList<object?>)[p.Key, .. classificationMetrics.Select(k => (object?)Metric.Compute(k, bcTruth, p.Value, binary))]),
    $"test set: {bcTruth.Length} rows, {bcTruth.Count(t => t == 1)} malignant")));"""),
("md", """Precision is the share of predicted `malignant` that are malignant, recall the share of malignant cases found,
F1 their harmonic mean; ROC-AUC measures the ranking of the probabilities, independent of the 0.5 threshold.

## Confusion matrix

Rows are the true classes, columns the predicted ones (index 0 = benign, 1 = malignant)."""),
("cs", """int[] truthIndex = Metric.ToClassIndices(bcTruth, 2);
var confusion = ClassificationMetrics.Confusion(truthIndex, bcPredictions["LightGbm"].ArgMax(), 2);
display(HTML(DeepRoadFormatters.Confusion(confusion, ["benign", "malignant"])));"""),
("md", """## ROC curve

The true-positive rate against the false-positive rate as the threshold on P(malignant) goes from 1 to 0."""),
("cs", """bool[] isPositive = bcTruth.Select(t => t == 1).ToArray();
Charts.Roc("ROC on the breast_cancer test set",
    bcPredictions.Select(p => (p.Key, (IReadOnlyList<bool>)isPositive, (IReadOnlyList<double>)p.Value.Column(1).Select(v => (double)v).ToArray())).ToArray())"""),
("md", """## Regression metrics and residuals

On `diabetes` (disease progression after one year), a LightGbm regressor: MSE, RMSE, MAE and R²,
then predicted against actual (points on the dashed line are perfect) and residuals against predictions
(a good model leaves no pattern)."""),
("cs", """var dOptions = new DataLoadOptions { Label = "progression" };
var dTrain = DataLoader.LoadFile(ml, "../data/diabetes/train.csv", dOptions);
var dTest = DataLoader.LoadFile(ml, "../data/diabetes/test.csv", dTrain.Schema, dOptions);
var dFeaturizer = DefaultFeaturizer.Build(ml, dTrain.Schema).Fit(dTrain.WithPreparedLabel(ml));
var dTrainRows = ml.Data.Cache(dFeaturizer.Transform(dTrain.WithPreparedLabel(ml)));
var dTestRows = dFeaturizer.Transform(dTest.WithPreparedLabel(ml));
var regression = MLTask.Regression;
var regressor = ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options { NumberOfIterations = 50, NumberOfLeaves = 8, LearningRate = 0.05, NumberOfThreads = 1, Seed = 0 });
float[] dTruth = LabelReader.Read(dTestRows, regression);
var dPredicted = PredictionExtractor.Extract(regressor.Fit(dTrainRows).Transform(dTestRows), regression, 0);
MetricKind[] regressionMetrics = [MetricKind.Mse, MetricKind.Rmse, MetricKind.Mae, MetricKind.R2];
display(HTML(HtmlTable.Build(regressionMetrics.Select(MetricNames.ToName).ToArray(),
    [regressionMetrics.Select(k => (object?)Metric.Compute(k, dTruth, dPredicted, regression)).ToArray()], "LightGbm on the diabetes test set")));"""),
("cs", """double[] actual = dTruth.Select(v => (double)v).ToArray();
double[] predicted = dPredicted.Values.Select(v => (double)v).ToArray();
display(Charts.Scatter("Predicted against actual", "actual progression", "predicted progression", actual, predicted, ReferenceLine.Identity));
display(Charts.Scatter("Residuals", "predicted progression", "actual − predicted", predicted, actual.Zip(predicted, (a, p) => a - p).ToArray(), ReferenceLine.Zero));"""),
("md", """## k-fold and stratified k-fold cross-validation

`CrossValidator.Run` fits the estimator on each fold and returns per-fold metrics, out-of-fold predictions and
fit times. Stratified folds keep the class ratio of every fold equal to the whole set's, so fold scores vary less
on small or imbalanced data. The table shows each fold and the mean ± standard deviation."""),
("cs", """var cvMetrics = new[] { MetricKind.RocAuc, MetricKind.Accuracy, MetricKind.F1 };
var plain = CrossValidator.Run(ml, bcTrainRows, models["LightGbm"], binary, new CrossValidationOptions { Folds = 5, Stratified = false, Seed = 0, Metrics = cvMetrics });
var stratified = CrossValidator.Run(ml, bcTrainRows, models["LightGbm"], binary, new CrossValidationOptions { Folds = 5, Stratified = true, Seed = 0, Metrics = cvMetrics });
display(HTML("<h4>k-fold (no stratification)</h4>"));
display(plain);
display(HTML("<h4>stratified k-fold</h4>"));
display(stratified);"""),
("cs", """Charts.Lines("Accuracy per fold", "fold", "accuracy",
    ("k-fold", plain.FoldResults.Select(f => ((double)f.Fold + 1, f.Metrics[MetricKind.Accuracy])).ToArray()),
    ("stratified k-fold", stratified.FoldResults.Select(f => ((double)f.Fold + 1, f.Metrics[MetricKind.Accuracy])).ToArray()))"""),
])
