using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;

namespace DeepRoad.Tests.Metrics;

public sealed class MetricBehaviourTests
{
    [Theory]
    [InlineData("auc", MetricKind.RocAuc)]
    [InlineData("roc_auc", MetricKind.RocAuc)]
    [InlineData("ROC-AUC", MetricKind.RocAuc)]
    [InlineData("accuracy", MetricKind.Accuracy)]
    [InlineData("macro_f1", MetricKind.MacroF1)]
    [InlineData("f1_macro", MetricKind.MacroF1)]
    [InlineData("rmse", MetricKind.Rmse)]
    [InlineData("log_loss", MetricKind.LogLoss)]
    [InlineData("logloss", MetricKind.LogLoss)]
    [InlineData("balanced_accuracy", MetricKind.BalancedAccuracy)]
    [InlineData("r2", MetricKind.R2)]
    public void Parse_KnownNames_ReturnKind(string name, MetricKind expected) =>
        Assert.Equal(expected, MetricNames.Parse(name));

    [Fact]
    public void Parse_EveryCanonicalName_RoundTrips()
    {
        foreach (var kind in Enum.GetValues<MetricKind>())
            Assert.Equal(kind, MetricNames.Parse(MetricNames.ToName(kind)));
    }

    [Fact]
    public void Parse_UnknownName_NamesOptionAndValidValues()
    {
        var ex = Assert.Throws<ArgumentException>(() => MetricNames.Parse("aucc", "--metric"));
        Assert.Contains("--metric", ex.Message);
        Assert.Contains("'aucc'", ex.Message);
        Assert.Contains("roc_auc", ex.Message);
        Assert.Contains("rmse", ex.Message);
    }

    [Fact]
    public void HigherIsBetter_LossesAndErrors_AreLowerIsBetter()
    {
        Assert.True(MetricKind.RocAuc.HigherIsBetter());
        Assert.True(MetricKind.R2.HigherIsBetter());
        Assert.True(MetricKind.MacroF1.HigherIsBetter());
        Assert.False(MetricKind.LogLoss.HigherIsBetter());
        Assert.False(MetricKind.Rmse.HigherIsBetter());
        Assert.False(MetricKind.Mse.HigherIsBetter());
        Assert.False(MetricKind.Mae.HigherIsBetter());
    }

    [Fact]
    public void Compute_MetricOfOtherTask_ThrowsNamingMetric()
    {
        var p = PredictionMatrix.FromScores([1f, 2f]);
        var ex = Assert.Throws<ArgumentException>(() => Metric.Compute(MetricKind.RocAuc, [1f, 2f], p, MLTask.Regression));
        Assert.Contains("roc_auc", ex.Message);
    }

    [Fact]
    public void Compute_TruthNotAClassIndex_ThrowsNamingRow()
    {
        var p = PredictionMatrix.FromPositiveProbabilities([0.2f, 0.9f]);
        var ex = Assert.Throws<ArgumentException>(() => Metric.Compute(MetricKind.Accuracy, [0f, 2f], p, MLTask.BinaryClassification));
        Assert.Contains("Row 1", ex.Message);
    }

    [Fact]
    public void RocAuc_AllTiedScores_IsOneHalf()
    {
        var p = PredictionMatrix.FromPositiveProbabilities([0.3f, 0.3f, 0.3f, 0.3f]);
        Assert.Equal(0.5, Metric.Compute(MetricKind.RocAuc, [0f, 1f, 0f, 1f], p, MLTask.BinaryClassification), 12);
    }

    [Fact]
    public void RocAuc_SingleClassTruth_Throws() =>
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.RocAuc([1, 1, 1], [0.1f, 0.5f, 0.9f]));

    [Fact]
    public void R2_ConstantTruth_FollowsScikitLearn()
    {
        Assert.Equal(1.0, RegressionMetrics.R2([2f, 2f], [2f, 2f]));
        Assert.Equal(0.0, RegressionMetrics.R2([2f, 2f], [1f, 2f]));
    }

    [Fact]
    public void ConfusionMatrix_ToString_ShowsClassNames()
    {
        var cm = new ConfusionMatrix([0, 1, 1], [0, 0, 1], 2);
        var text = cm.ToString(["no", "yes"]);
        Assert.Contains("yes", text);
        Assert.Equal(1, cm[1, 0]);
        Assert.Equal(2, cm.Support(1));
    }
}
