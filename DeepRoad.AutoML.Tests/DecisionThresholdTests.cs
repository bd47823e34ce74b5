using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// AutoML's decision threshold: tuned on the final model's out-of-fold predictions for threshold-dependent metrics
/// (attrition: 16 % positive), applied by predictions and evaluation, saved with the model, and refused where it means nothing.
/// </summary>
public sealed class DecisionThresholdTests
{
    private static readonly Lazy<Task<AutoMLResult>> F1Run = new(() => Fit(MetricKind.F1, null));

    private static Task<AutoMLResult> Fit(MetricKind? metric, bool? calibrate, string set = "attrition", string label = "Attrition") =>
        new MLContext(3).DeepRoad().AutoML(new AutoMLOptions
        {
            LabelColumn = label, Metric = metric, CalibrateDecisionThreshold = calibrate, TimeBudget = null, MaxTrials = 3, Seed = 3, Folds = 3, Repeats = 1,
            Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.SdcaLinear],
        }).FitAsync(TestData.Shipped(set, "train.csv"));

    /// <summary>F1 of the positive class ("Yes") over a test file's rows, from the model's predicted labels.</summary>
    private static double TestF1(AutoMLModel model)
    {
        var truth = File.ReadLines(TestData.Shipped("attrition", "test.csv")).Skip(1).Select(l => l.Split(',')[1] == "Yes" ? 1 : 0).ToArray();
        var predicted = model.PredictFile(TestData.Shipped("attrition", "test.csv")).Select(p => p.PredictedLabel == "Yes" ? 1 : 0).ToArray();
        return ClassificationMetrics.F1(truth, predicted, AverageKind.Binary);
    }

    [Fact]
    public async Task F1_IsTunedOutOfFold_AndTheModelPredictsAtTheThreshold()
    {
        var result = await F1Run.Value;
        var t = Assert.IsType<ThresholdChoice>(result.Threshold);
        // Attrition is 16 % positive: the arg-max misses most leavers, and F1 is best well below 0.5.
        Assert.InRange(t.Threshold, 0.05, 0.45);
        Assert.True(t.Score > t.ScoreAtDefault + 0.02, $"{t.Score} vs {t.ScoreAtDefault}");
        Assert.Equal(t.Threshold, result.Model.DecisionThreshold);
        Assert.Contains("decision threshold", result.FinalModelReason);
        Assert.Equal(t.Score, Metric.Compute(MetricKind.F1, result.Validation.Truth, result.Validation.Ensemble, MLTask.BinaryClassification, t.Threshold), 9);

        // Every predicted label is "Yes" exactly where P(Yes) is above the threshold.
        var preds = result.Model.PredictFile(TestData.Shipped("attrition", "test.csv"));
        Assert.All(preds, p => Assert.Equal(p.Probabilities!["Yes"] > t.Threshold ? "Yes" : "No", p.PredictedLabel));
        Assert.Contains(preds, p => p.PredictedLabel == "Yes" && p.Probabilities!["Yes"] < 0.5);
        // On the held-out test rows, too, the tuned threshold finds more of the leavers than the arg-max does.
        var atHalf = result.Model.WithDecisionThreshold(0.5);
        Assert.True(TestF1(result.Model) > TestF1(atHalf), $"test F1 {TestF1(result.Model)} at {t.Threshold} vs {TestF1(atHalf)} at 0.5");
        // Evaluation uses the threshold for the class metrics, not for AUC or log-loss.
        var tuned = result.Model.Evaluate(TestData.Shipped("attrition", "test.csv"));
        var half = atHalf.Evaluate(TestData.Shipped("attrition", "test.csv"));
        Assert.NotEqual(half["macro_f1"], tuned["macro_f1"]);
        Assert.Equal(half["auc"], tuned["auc"]);
        Assert.Equal(half["log_loss"], tuned["log_loss"]);
        // The best single model has its own threshold, from its own out-of-fold predictions.
        Assert.InRange(result.BestSingleModel.DecisionThreshold, 0.05, 0.45);
    }

    [Fact]
    public async Task Threshold_IsSavedWithTheModel_AndCanBeOverridden()
    {
        var result = await F1Run.Value;
        var path = Path.Combine(TestData.TempDir(), "model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path, new MLContext(9));
        Assert.Equal(result.Model.DecisionThreshold, loaded.DecisionThreshold);
        var test = TestData.Shipped("attrition", "test.csv");
        Assert.Equal(result.Model.PredictFile(test).Select(p => p.PredictedLabel), loaded.PredictFile(test).Select(p => p.PredictedLabel));

        var strict = loaded.WithDecisionThreshold(0.9);
        Assert.Equal(0.9, strict.DecisionThreshold);
        Assert.All(strict.PredictFile(test), p => Assert.Equal(p.Probabilities!["Yes"] > 0.9 ? "Yes" : "No", p.PredictedLabel));
        Assert.Throws<ArgumentOutOfRangeException>(() => loaded.WithDecisionThreshold(1.5));
    }

    [Fact]
    public async Task RocAuc_IsNotTuned_UnlessAsked_AndOffKeepsHalf()
    {
        var auc = await Fit(null, null);
        Assert.Null(auc.Threshold);
        Assert.Equal(0.5, auc.Model.DecisionThreshold);
        Assert.DoesNotContain("decision threshold", auc.FinalModelReason);

        var off = await Fit(MetricKind.F1, false);
        Assert.Null(off.Threshold);
        Assert.Equal(0.5, off.Model.DecisionThreshold);

        // Accuracy is tuned only when asked for.
        Assert.Null((await Fit(MetricKind.Accuracy, null)).Threshold);
        Assert.NotNull((await Fit(MetricKind.Accuracy, true)).Threshold);
    }

    [Fact]
    public async Task CalibrateOn_WithAMetricOrTaskItCannotServe_IsAnErrorNamingTheOption()
    {
        var ml = new MLContext(0);
        var ex = Assert.Throws<ArgumentException>(() => ml.DeepRoad().AutoML(new AutoMLOptions { LabelColumn = "Attrition", CalibrateDecisionThreshold = true }));
        Assert.Contains("--calibrate-threshold", ex.Message);
        Assert.Contains("roc_auc", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => ml.DeepRoad().AutoML(new AutoMLOptions { LabelColumn = "Attrition", Metric = MetricKind.Recall, CalibrateDecisionThreshold = true }));
        Assert.Contains("recall", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => Fit(MetricKind.Accuracy, true, "penguins", "species"));
        Assert.Contains("binary", ex.Message);
        // A multiclass model has no threshold to set.
        var multi = await Fit(MetricKind.MacroF1, null, "penguins", "species");
        Assert.Null(multi.Threshold);
        Assert.Throws<InvalidOperationException>(() => multi.Model.WithDecisionThreshold(0.3));
    }
}
