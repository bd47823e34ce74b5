using DeepRoad.Pipelines;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Same seed: identical predictions (also across 1 and 2 workers); different seed: different predictions.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<EnsembleKind> Kinds() => new(Enum.GetValues<EnsembleKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Ensemble_SameSeed_IdenticalOnOneOrTwoWorkers_DifferentSeed_Different(EnsembleKind kind)
    {
        var set = Fitted.Data("iris");
        var ctx = Fitted.Context;
        var a = Fit(kind, set, seed: 3, workers: 1);
        var b = Fit(kind, set, seed: 3, workers: 2);
        Assert.Equal(a.PredictMatrix(set.Test).Values, b.PredictMatrix(set.Test).Values);
        var c = Fit(kind, set, seed: 4, workers: 2);
        Assert.NotEqual(a.PredictMatrix(set.Test).Values, c.PredictMatrix(set.Test).Values);
    }

    private static EnsembleModel Fit(EnsembleKind kind, TestData.Set set, int seed, int workers)
    {
        var c = Fitted.Context.DeepRoad().Ensembles;
        var task = set.Task;
        EnsembleEstimator est = kind switch
        {
            // AdaBoost with resampling, so the seed matters even for deterministic trainers.
            EnsembleKind.AdaBoost => c.AdaBoost(new AdaBoostOptions
            {
                Member = Members.Get(MemberTrainer.LightGbm, task), Rounds = 4, Weighting = AdaBoostWeighting.Resample, Seed = seed, MaxParallelism = workers,
            }),
            EnsembleKind.Bagging => c.Bagging(new BaggingOptions { Member = Members.Get(MemberTrainer.Sdca, task), NumberOfMembers = 4, Seed = seed, MaxParallelism = workers }),
            _ => Fitted.Build(Fitted.Context, kind, task, seed, workers),
        };
        return est.Fit(set.Train);
    }
}
