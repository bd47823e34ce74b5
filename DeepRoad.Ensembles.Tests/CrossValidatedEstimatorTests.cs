using DeepRoad.Ensembles.Stacking;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Choosing a meta-learner (or any estimator) among candidates by inner cross-validation.</summary>
public sealed class CrossValidatedEstimatorTests
{
    [Fact]
    public void Evaluate_PicksTheCandidateWithTheBestFoldScore_NotTheFirst()
    {
        var set = Fitted.Data("breast_cancer");
        // An L2 of 1e6 shrinks the logistic weights to ~0: probabilities near the base rate, a much worse log loss.
        var candidates = MetaLearners.CrossValidated(MLTask.BinaryClassification, l2: [1e6, 1.0]);
        var estimator = new CrossValidatedEstimator(
            [MetaLearnerAt(1e6), MetaLearnerAt(1.0)], folds: 3, seed: 5);
        var (scores, best) = estimator.Evaluate(set.Train);
        Assert.Equal(1, best);
        Assert.True(scores[0] > 0.5 && scores[1] < 0.2, string.Join(", ", scores)); // log loss: base rate ~0.66, fitted ~0.1
        Assert.Equal("logistic-cv", candidates.Name);
        // Same seed, same scores.
        Assert.Equal(scores, new CrossValidatedEstimator([MetaLearnerAt(1e6), MetaLearnerAt(1.0)], folds: 3, seed: 5).Evaluate(set.Train).Scores);
    }

    [Fact]
    public void Stacking_WithCrossValidatedMetaLearner_FitsSavesAndLoads()
    {
        var set = Fitted.Data("wine");
        var est = new MLContext(3).DeepRoad().Ensembles.Stacking(new StackingOptions
        {
            Members = [Members.Get(MemberTrainer.LightGbm, set.Task), Members.Get(MemberTrainer.Sdca, set.Task)],
            Folds = 3, Seed = 3, CrossValidateMetaLearner = true,
        });
        var model = est.Fit(set.Train);
        Assert.Equal("maxent-cv", model.MetaLearner);
        double accuracy = Fitted.Score(set, model.PredictMatrix(set.Test));
        Assert.True(accuracy >= 0.9, $"accuracy {accuracy}");
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = EnsembleModel.Load(new MLContext(9), buffer);
        Assert.Equal(model.PredictMatrix(set.Test).Values, loaded.PredictMatrix(set.Test).Values);
    }

    [Fact]
    public void BadArguments_AreRejected()
    {
        Assert.Throws<ArgumentException>(() => new CrossValidatedEstimator([]));
        Assert.Throws<ArgumentException>(() => new CrossValidatedEstimator([MetaLearnerAt(1)], folds: 1));
        Assert.Throws<ArgumentException>(() => MetaLearners.CrossValidated(MLTask.BinaryClassification, l2: []));
    }

    private static EnsembleMember MetaLearnerAt(double l2) =>
        ((CrossValidatedEstimator)MetaLearners.CrossValidated(MLTask.BinaryClassification, l2: [l2]).Create(new MLContext(0))).Candidates[0];
}
