using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Bad options fail with clear messages, before training where the schema allows.</summary>
public sealed class BadOptionsTests
{
    private static EnsembleCatalog Catalog => Fitted.Context.DeepRoad().Ensembles;

    [Fact]
    public void AnyKind_ZeroMembers_Throws()
    {
        Assert.Contains("at least one member", Assert.Throws<ArgumentException>(() => Catalog.Stacking([])).Message);
        Assert.Contains("at least one member", Assert.Throws<ArgumentException>(() => Catalog.Voting([])).Message);
        Assert.Contains("at least one member", Assert.Throws<ArgumentException>(() => Catalog.Selection([])).Message);
        Assert.Contains("Member", Assert.Throws<ArgumentException>(() => Catalog.Bagging(new BaggingOptions())).Message);
        Assert.Contains("Member", Assert.Throws<ArgumentException>(() => Catalog.AdaBoost(new AdaBoostOptions())).Message);
    }

    [Fact]
    public void Options_OutOfRange_NameTheOption()
    {
        var m = Members.Get(MemberTrainer.LightGbm, MLTask.BinaryClassification);
        Assert.Contains("Folds", Assert.Throws<ArgumentException>(() => Catalog.Stacking([m], folds: 1)).Message);
        Assert.Contains("MaxSamples", Assert.Throws<ArgumentException>(() => Catalog.Bagging(m, maxSamples: 1.5)).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() => Catalog.AdaBoost(m, learningRate: 0)).Message);
        Assert.Contains("Weights", Assert.Throws<ArgumentException>(() => Catalog.Voting([m], weights: [1, 2])).Message);
        Assert.Contains("used 2 times", Assert.Throws<ArgumentException>(() => Catalog.Voting([m, m])).Message);
    }

    [Fact]
    public void Stacking_FoldsMoreThanRows_Throws()
    {
        var set = Fitted.Data("iris");
        var est = Catalog.Stacking([Members.Get(MemberTrainer.LightGbm, set.Task)], folds: 500);
        var ex = Assert.Throws<ArgumentException>(() => est.Fit(set.Train));
        Assert.Contains("Folds (500) cannot exceed the number of training rows (120)", ex.Message);
    }

    [Fact]
    public void Stacking_RegressionMemberInClassificationStack_FailsBeforeTraining()
    {
        var set = Fitted.Data("breast_cancer");
        var est = Catalog.Stacking([Members.Get(MemberTrainer.LightGbm, set.Task), Members.Get(MemberTrainer.Sdca, MLTask.Regression) with { Name = "ridge" }]);
        var ex = Assert.Throws<EnsembleMemberException>(() => est.GetOutputSchema(SchemaShapes.Create(set.Train.Schema)));
        Assert.Equal("ridge", ex.MemberName);
        Assert.Contains("'ridge'", ex.Message);
        Assert.Contains("label calls for binary classification", ex.Message);
    }

    [Fact]
    public void Voting_RegressionMemberAcceptingBooleanLabel_ReportsItsOutput()
    {
        // A member that accepts the input but emits regression columns is caught by its output shape.
        var set = Fitted.Data("breast_cancer");
        var odd = new EnsembleMember("odd", c => c.Transforms.Conversion.ConvertType("LabelF", "Label", Microsoft.ML.Data.DataKind.Single)
            .Append(c.Regression.Trainers.Sdca(labelColumnName: "LabelF", maximumNumberOfIterations: 5)));
        var ex = Assert.Throws<EnsembleMemberException>(() => Catalog.Voting([odd]).GetOutputSchema(SchemaShapes.Create(set.Train.Schema)));
        Assert.Equal("odd", ex.MemberName);
        Assert.Contains("produces regression output, but the label calls for binary classification", ex.Message);
    }

    [Fact]
    public void SoftVoting_MemberWithoutProbabilities_Throws_HardVotingWorks()
    {
        var set = Fitted.Data("breast_cancer");
        var svm = new EnsembleMember("svm", c => c.BinaryClassification.Trainers.LinearSvm(numberOfIterations: 5));
        var ex = Assert.Throws<EnsembleMemberException>(() => Catalog.Voting([svm, Members.Get(MemberTrainer.LightGbm, set.Task)]).Fit(set.Train));
        Assert.Equal("svm", ex.MemberName);
        Assert.Contains("no Probability", ex.Message);

        var hard = Catalog.Voting([svm, Members.Get(MemberTrainer.LightGbm, set.Task), Members.Get(MemberTrainer.Sdca, set.Task)], VotingMode.Hard).Fit(set.Train);
        var accuracy = Pipelines.Metrics.Metric.Compute(Pipelines.Metrics.MetricKind.Accuracy, TestData.Labels(set.Test), hard.PredictMatrix(set.Test), set.Task);
        Assert.True(accuracy > 0.93, $"hard voting accuracy {accuracy}");
    }

    [Fact]
    public void MemberFailingToFit_IsReportedByName()
    {
        var set = Fitted.Data("iris");
        var broken = new EnsembleMember("broken", _ => new ThrowingEstimator());
        var ex = Assert.Throws<EnsembleMemberException>(() =>
            Catalog.Stacking([Members.Get(MemberTrainer.LightGbm, set.Task), broken], folds: 3).Fit(set.Train));
        Assert.Equal("broken", ex.MemberName);
        Assert.Contains("Ensemble member 'broken' failed", ex.Message);
        Assert.Contains("boom", ex.Message);
    }

    [Fact]
    public void Fit_Cancelled_Throws()
    {
        var set = Fitted.Data("iris");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Catalog.Bagging(Members.Get(MemberTrainer.LightGbm, set.Task), numberOfMembers: 3).Fit(set.Train, cts.Token));
    }

    [Fact]
    public void Load_NotAnEnsembleOrNewerVersion_ClearError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a zip");
            Assert.Contains("not an ensemble file", Assert.Throws<DeepRoadDataException>(() => Catalog.Load(path)).Message);
            using (var zip = System.IO.Compression.ZipFile.Open(path + ".zip", System.IO.Compression.ZipArchiveMode.Create))
            using (var w = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
                w.Write("{\"formatVersion\": 99, \"kind\": \"Voting\"}");
            Assert.Contains("format version 99", Assert.Throws<DeepRoadDataException>(() => Catalog.Load(path + ".zip")).Message);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".zip");
        }
    }

    private sealed class ThrowingEstimator : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => throw new InvalidOperationException("boom");

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
            Fitted.Context.MulticlassClassification.Trainers.LightGbm().GetOutputSchema(inputSchema);
    }
}
