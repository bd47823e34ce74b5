from nb import write, refs
write("03-ensembles-and-deep", [
("md", """# Ensembles and deep models

Three ensembles on the `wine` table (3 cultivars, 13 chemical measurements): **bagging** (LightGbm fitted on
bootstrap samples, probabilities averaged), **AdaBoost** (SAMME.R, each round reweights the rows the previous
rounds got wrong) and **stacking** (LightGbm and a TorchSharp MLP, combined by a meta-learner trained on their
out-of-fold predictions). Then two deep models: a **CNN** on the digit images and an **LSTM** on SMS text.
For every ensemble, each member is scored next to the ensemble on the test set."""),
("cs", refs("Pipelines", "Ensembles", "Deep") + """

using DeepRoad.Deep.Estimators;
using DeepRoad.Deep.Networks;
using DeepRoad.Deep.Training;
using DeepRoad.Ensembles;
using DeepRoad.Interactive;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Images;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Text;
using Microsoft.ML;

DeepRoadFormatters.Register();
var ml = new MLContext(seed: 0);
var options = new DataLoadOptions { Label = "cultivar" };
var loaded = DataLoader.LoadFile(ml, "../data/wine/train.csv", options);
var loadedTest = DataLoader.LoadFile(ml, "../data/wine/test.csv", loaded.Schema, options);
var featurizer = DefaultFeaturizer.Build(ml, loaded.Schema).Fit(loaded.WithPreparedLabel(ml));
var train = ml.Data.Cache(featurizer.Transform(loaded.WithPreparedLabel(ml)));
var test = ml.Data.Cache(featurizer.Transform(loadedTest.WithPreparedLabel(ml)));
var task = MLTask.MulticlassClassification;
float[] truth = LabelReader.Read(test, task);

// Each member's accuracy next to the ensemble's, as rows of a table.
var scoreboard = new List<IReadOnlyList<object?>>();
void Score(string ensemble, EnsembleModel model)
{
    foreach (var (name, predictions) in model.PredictMembers(test))
        scoreboard.Add([ensemble, name, Metric.Compute(MetricKind.Accuracy, truth, predictions, task), Metric.Compute(MetricKind.LogLoss, truth, predictions, task)]);
    var p = model.PredictMatrix(test);
    scoreboard.Add([ensemble, $"{ensemble} ensemble", Metric.Compute(MetricKind.Accuracy, truth, p, task), Metric.Compute(MetricKind.LogLoss, truth, p, task)]);
}
var small = new EnsembleMembers.Sizes(Trees: 30, Leaves: 8, LinearIterations: 20);
loaded.Schema"""),
("md", """## Bagging

Five LightGbm members, each on a bootstrap sample; the out-of-bag rows give a free validation score."""),
("cs", """var bagging = ml.DeepRoad().Ensembles.Bagging(new BaggingOptions
{
    Member = EnsembleMembers.Create(MemberTrainer.LightGbm, task, small), NumberOfMembers = 5, OutOfBagScore = true, Seed = 0, MaxParallelism = 2,
}).Fit(train);
Score("bagging", bagging);
bagging"""),
("md", """## AdaBoost

Eight rounds of shallow FastTree models; the weights are the rounds' say in the vote."""),
("cs", """var adaBoost = ml.DeepRoad().Ensembles.AdaBoost(new AdaBoostOptions
{
    Member = EnsembleMembers.Create(MemberTrainer.FastTree, task, new EnsembleMembers.Sizes(Trees: 5, Leaves: 4), exampleWeightColumnName: "Weight"),
    Rounds = 8, Seed = 0, MaxParallelism = 1,
}).Fit(train);
Score("adaboost", adaBoost);
adaBoost"""),
("md", """## Stacking LightGbm and an MLP

The MLP is a DeepRoad.Deep estimator (TorchSharp); to the ensemble it is just another ML.NET estimator.
A 5-fold out-of-fold pass gives the meta-learner its training rows."""),
("cs", """var mlp = new EnsembleMember("mlp", c => c.DeepRoad().Deep.Mlp(task, new MlpSpec { HiddenLayers = [32] },
    new DeepTrainingOptions { Epochs = 40, BatchSize = 16, LearningRate = 0.01, Seed = 0, Threads = 1 }));
var stacking = ml.DeepRoad().Ensembles.Stacking(new StackingOptions
{
    Members = [EnsembleMembers.Create(MemberTrainer.LightGbm, task, small), mlp], Folds = 5, Seed = 0, MaxParallelism = 2,
}).Fit(train);
Score("stacking", stacking);
stacking"""),
("md", """## Members against ensembles

Accuracy and log-loss on the 36 test rows. On a set this small several models reach the same accuracy;
log-loss (lower is better) separates them by how confident they are."""),
("cs", """display(HTML(HtmlTable.Build(["ensemble", "model", "accuracy", "log-loss"], scoreboard, "wine test set")));
Charts.Bars("Test log-loss (lower is better)", "log-loss", scoreboard.Select(r => ($"{r[0]}: {r[1]}", (double)r[3]!)))"""),
("md", """## A CNN on the digit images

400 training images of 8×8 digits, stored as 32×32 PNGs (`data/digits_images`). The dataset pipeline scales
pixels to [0, 1]; the CNN has two convolution blocks and trains for 15 epochs (no augmentation, to keep it short)."""),
("cs", """var digitsTrain = ImageDataset.Open(ml, "../data/digits_images/train.csv");
var digitsTest = ImageDataset.Open(ml, "../data/digits_images/test.csv");
var imageOptions = new ImageDatasetOptions { Grayscale = true, Width = 32, Height = 32 };
var imagePrep = digitsTrain.CreatePipeline(imageOptions).Fit(digitsTrain.Data);
var imagesTrain = ml.Data.Cache(imagePrep.Transform(digitsTrain.Data));
var imagesTest = ml.Data.Cache(imagePrep.Transform(digitsTest.Data));
var cnn = ml.DeepRoad().Deep.Cnn(task, new CnnSpec { ImageChannels = 1, ImageHeight = 32, ImageWidth = 32, Channels = [16, 32] },
    new DeepTrainingOptions { Epochs = 15, BatchSize = 16, LearningRate = 0.002, Seed = 0, Threads = 2 }).Fit(imagesTrain);
float[] digitTruth = LabelReader.Read(imagesTest, task);
var digitPredictions = PredictionExtractor.Extract(cnn.Transform(imagesTest), task, 10);
display($"CNN test accuracy on {digitTruth.Length} digits: {Metric.Compute(MetricKind.Accuracy, digitTruth, digitPredictions, task):F3}");
Charts.Lines("CNN training loss", "epoch", "loss", ("train", cnn.History.Select(h => ((double)h.Epoch, h.TrainLoss)).ToArray()))"""),
("md", """## An LSTM on SMS text

`sms_spam` is not shipped (its licence does not allow it); it is read from `../shared/data`, next to the
repository. To keep the run short, the LSTM sees 800 training messages (of 4459) and is scored on 300 test
messages. DeepRoad's tokenizer turns each message into at most 32 token ids."""),
("cs", """var smsOptions = new DataLoadOptions { Label = "label", PositiveClass = "spam" };
var sms = DataLoader.LoadFile(ml, "../../shared/data/sms_spam/train.csv", smsOptions);
var smsTestLoaded = DataLoader.LoadFile(ml, "../../shared/data/sms_spam/test.csv", sms.Schema, smsOptions);
var binary = MLTask.BinaryClassification;
var smsTrainRows = ml.Data.TakeRows(ml.Data.ShuffleRows(sms.WithPreparedLabel(ml), seed: 0), 800);
var smsTestRows = ml.Data.TakeRows(smsTestLoaded.WithPreparedLabel(ml), 300);
var tokenizer = ml.DeepRoad().TokenizeText(new TextTokenizerOptions { InputColumn = "text", MaxLength = 32, MinFrequency = 2 }).Fit(smsTrainRows);
var lstm = ml.DeepRoad().Deep.Recurrent(binary, new RecurrentSpec { Cell = RecurrentCell.Lstm, EmbeddingSize = 32, HiddenSize = 32 },
    new DeepTrainingOptions { Epochs = 4, BatchSize = 32, LearningRate = 0.005, GradientClipNorm = 1.0, Seed = 0, Threads = 2 })
    .Fit(ml.Data.Cache(tokenizer.Transform(smsTrainRows)));
var smsTest = tokenizer.Transform(smsTestRows);
float[] smsTruth = LabelReader.Read(smsTest, binary);
var smsPredictions = PredictionExtractor.Extract(lstm.Transform(smsTest), binary, 2);
display(HTML(HtmlTable.Build(["model", "accuracy", "F1 (spam)", "ROC-AUC"],
    [["LSTM", Metric.Compute(MetricKind.Accuracy, smsTruth, smsPredictions, binary), Metric.Compute(MetricKind.F1, smsTruth, smsPredictions, binary), Metric.Compute(MetricKind.RocAuc, smsTruth, smsPredictions, binary)]],
    $"sms_spam, {smsTruth.Length} test messages ({smsTruth.Count(t => t == 1)} spam)")));
Charts.Lines("LSTM training loss", "epoch", "loss", ("train", lstm.History.Select(h => ((double)h.Epoch, h.TrainLoss)).ToArray()))"""),
])
