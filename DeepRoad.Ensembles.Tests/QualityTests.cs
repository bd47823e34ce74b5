using DeepRoad.Pipelines;
using Xunit.Abstractions;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// Each kind on real data (test split of data/) against a documented baseline fitted in the same run:
/// stacking, voting and selection against their best member; bagging against one copy of its member;
/// AdaBoost against its weak learner alone. Metrics: ROC-AUC (breast_cancer), accuracy (wine), RMSE (diabetes).
/// </summary>
public sealed class QualityTests(ITestOutputHelper output)
{
    private static readonly string[] Sets = ["breast_cancer", "wine", "diabetes"];

    public static TheoryData<string> Datasets() => new(Sets);

    /// <summary>Tolerance for "matches": AUC 0.01, accuracy one test row of 36, RMSE 3 %.</summary>
    private static bool AtLeast(MLTask task, double ensemble, double baseline) => task switch
    {
        MLTask.BinaryClassification => ensemble >= baseline - 0.01,
        MLTask.MulticlassClassification => ensemble >= baseline - 0.03,
        _ => ensemble <= baseline * 1.03,
    };

    private double BestMember(string dataset)
    {
        var set = Fitted.Data(dataset);
        var scores = Members.Trio(set.Task).Select(m => (m.Name, Score: Fitted.Single(m.Name, m, dataset))).ToArray();
        foreach (var (n, s) in scores) output.WriteLine($"  {dataset} single {n}: {s:F4}");
        return set.Task == MLTask.Regression ? scores.Min(s => s.Score) : scores.Max(s => s.Score);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Stacking_MatchesOrBeatsBestMember(string dataset) => Compare(EnsembleKind.Stacking, dataset);

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Voting_MatchesOrBeatsBestMember(string dataset) => Compare(EnsembleKind.Voting, dataset);

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Selection_MatchesOrBeatsBestMember(string dataset) => Compare(EnsembleKind.Selection, dataset);

    private void Compare(EnsembleKind kind, string dataset)
    {
        var set = Fitted.Data(dataset);
        double best = BestMember(dataset);
        double score = Fitted.TestScore(Fitted.Model(kind, dataset), dataset);
        output.WriteLine($"{dataset} {kind}: {score:F4} (best member {best:F4})");
        Assert.True(AtLeast(set.Task, score, best), $"{kind} on {dataset}: {score:F4} vs best member {best:F4}");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Bagging_MatchesOrBeatsSingleMember(string dataset)
    {
        var set = Fitted.Data(dataset);
        var member = Members.Get(MemberTrainer.FastTree, set.Task);
        double single = Fitted.Single("fasttree", member, dataset);
        double score = Fitted.TestScore(Fitted.Model(EnsembleKind.Bagging, dataset), dataset);
        output.WriteLine($"{dataset} bagging: {score:F4} (single fasttree {single:F4})");
        Assert.True(AtLeast(set.Task, score, single), $"bagging on {dataset}: {score:F4} vs single {single:F4}");
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void AdaBoost_BeatsItsWeakLearner(string dataset)
    {
        var set = Fitted.Data(dataset);
        double weak = Fitted.Single("weak", Fitted.Weak(set.Task), dataset);
        var model = Fitted.Model(EnsembleKind.AdaBoost, dataset);
        double score = Fitted.TestScore(model, dataset);
        output.WriteLine($"{dataset} AdaBoost: {score:F4} (weak learner {weak:F4}, {model.Members.Count} rounds, stop: {model.StopReason ?? "none"})");
        Assert.True(model.Members.Count > 1);
        switch (set.Task)
        {
            case MLTask.BinaryClassification: Assert.True(score > weak + 0.01, $"{score} vs {weak}"); break;
            case MLTask.MulticlassClassification: Assert.True(score >= weak, $"{score} vs {weak}"); break;
            default: Assert.True(score < weak * 0.97, $"{score} vs {weak}"); break;
        }
    }

    [Fact]
    public void Bagging_OutOfBagScore_CloseToTestAccuracy()
    {
        var model = Fitted.Model(EnsembleKind.Bagging, "breast_cancer");
        Assert.Equal(Pipelines.Metrics.MetricKind.Accuracy, model.OutOfBagMetric);
        var set = Fitted.Data("breast_cancer");
        double test = Pipelines.Metrics.Metric.Compute(Pipelines.Metrics.MetricKind.Accuracy, TestData.Labels(set.Test), model.PredictMatrix(set.Test), set.Task);
        output.WriteLine($"OOB accuracy {model.OutOfBagScore:F4}, test accuracy {test:F4}");
        Assert.InRange(model.OutOfBagScore!.Value, 0.88, 1.0);
        Assert.InRange(model.OutOfBagScore.Value, test - 0.06, test + 0.06);
        // With 6 bootstrap copies about (1-1/e)^6 = 6 % of rows are in every sample and have no OOB prediction.
        int missing = Enumerable.Range(0, model.OutOfBagPredictions!.Rows).Count(i => float.IsNaN(model.OutOfBagPredictions[i, 0]));
        Assert.InRange(missing, 1, model.OutOfBagPredictions.Rows / 5);
    }
}
