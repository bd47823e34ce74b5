using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Search;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;
using Microsoft.ML;


namespace DeepRoad.AutoML.Tests;

public sealed class PortfolioSamplerTests
{
    private static (AutoMLSpace Space, PortfolioSampler Sampler) Make()
    {
        var ml = new MLContext(0);
        var data = AutoMLData.Load(ml, TestData.Shipped("iris", "train.csv"), new AutoMLOptions { LabelColumn = "species" });
        var space = new AutoMLSpace([AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm, AutoMLTrainer.SdcaLinear, AutoMLTrainer.FastTree], data);
        return (space, new PortfolioSampler(space, seed: 3));
    }

    private static FrozenTrial Ended(int number, ParameterSet p, DeepRoad.Tuning.TrialState state, string? error = null, double? value = null) => new()
    {
        Number = number, State = state, Parameters = p, Error = error, Value = value,
    };

    [Fact]
    public void Propose_DefaultsFirst_InCostOrder()
    {
        var (space, sampler) = Make();
        var first = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 0, [], []))!;
        Assert.Equal(AutoMLTrainer.LbfgsLinear, AutoMLSpace.TrainerOf(first));
        Assert.Equal(space.Default(AutoMLTrainer.LbfgsLinear).Key, first.Key);
        var second = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 1, [], [first]))!;
        Assert.Equal(space.Default(AutoMLTrainer.LightGbm).Key, second.Key);
    }

    [Fact]
    public void Propose_OnResume_RetriesADefaultTheDeadlineCancelled_ButNotAFailedOne()
    {
        var (space, sampler) = Make();
        var history = new List<FrozenTrial>
        {
            Ended(0, space.Default(AutoMLTrainer.LbfgsLinear), DeepRoad.Tuning.TrialState.Complete, value: 0.1),
            Ended(1, space.Default(AutoMLTrainer.LightGbm), DeepRoad.Tuning.TrialState.Failed, Study.CancelledError),
            Ended(2, space.Default(AutoMLTrainer.SdcaLinear), DeepRoad.Tuning.TrialState.Failed, "InvalidOperationException: boom"),
            Ended(3, space.Default(AutoMLTrainer.FastTree), DeepRoad.Tuning.TrialState.Complete, value: 0.2),
        };
        // Trial 4 is the first of the resumed run: LightGbm's default gets its chance again.
        var next = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 4, history, []))!;
        Assert.Equal(space.Default(AutoMLTrainer.LightGbm).Key, next.Key);
        // Once it is pending (or finished), the search moves on; SDCA's failed default is never repeated.
        var after = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 5, history, [next]))!;
        Assert.NotEqual(space.Default(AutoMLTrainer.SdcaLinear).Key, after.Key);
        Assert.NotEqual(space.Default(AutoMLTrainer.LightGbm).Key, after.Key);
    }

    [Fact]
    public void Propose_AfterTheDefaults_TriesTheLinearTrainersSecondConfiguration_UnlessTheTrainerFailed()
    {
        var (space, sampler) = Make();
        var defaults = new[] { AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm, AutoMLTrainer.SdcaLinear, AutoMLTrainer.FastTree };
        var history = defaults.Select((t, i) => Ended(i, space.Default(t), DeepRoad.Tuning.TrialState.Complete, value: 0.1 * (i + 1))).ToList();

        var lbfgs = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 4, history, []))!;
        Assert.Equal(space.Alternate(AutoMLTrainer.LbfgsLinear)!.Key, lbfgs.Key);
        // scikit-learn's LogisticRegression default: L2 only (L1 at the bottom of its range), C = 1.
        Assert.Equal(1.0, lbfgs.GetDouble("LbfgsLinear.L2Regularization"), 6);
        Assert.Equal(1e-4, lbfgs.GetDouble("LbfgsLinear.L1Regularization"), 9);
        Assert.NotEqual(space.Default(AutoMLTrainer.LbfgsLinear).Key, lbfgs.Key);

        var sdca = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 5, history, [lbfgs]))!;
        Assert.Equal(AutoMLTrainer.SdcaLinear, AutoMLSpace.TrainerOf(sdca));
        // SDCA penalises the mean loss: C = 1 is L2 = 1 / rows (120 iris training rows).
        Assert.Equal(1.0 / 120, sdca.GetDouble("SdcaLinear.L2Regularization"), 6);

        // Trees have no second configuration; once both are tried the search moves on to its own choices.
        history.Add(Ended(4, lbfgs, DeepRoad.Tuning.TrialState.Complete, value: 0.05));
        history.Add(Ended(5, sdca, DeepRoad.Tuning.TrialState.Complete, value: 0.5));
        var next = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 6, history, []))!;
        Assert.DoesNotContain(next.Key, history.Select(h => h.Parameters.Key));
        Assert.Null(space.Alternate(AutoMLTrainer.LightGbm));

        // A trainer whose default failed gets no second configuration.
        var failed = history.Take(4).ToList();
        failed[2] = Ended(2, space.Default(AutoMLTrainer.SdcaLinear), DeepRoad.Tuning.TrialState.Failed, "InvalidOperationException: boom");
        var afterFailure = sampler.Propose(new SamplerContext(space.Space, StudyDirection.Minimize, 5, failed, [lbfgs]))!;
        Assert.NotEqual(space.Alternate(AutoMLTrainer.SdcaLinear)!.Key, afterFailure.Key);
    }
}
