using DeepRoad.AutoML.Data;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Proposes trial configurations, cost-aware: first every trainer's default (cheapest trainers first), then a
/// trainer chosen by its best score so far (mostly the leaders, sometimes any), and within it a random
/// small-first configuration until it has 3 observations, then DeepRoad.Tuning's <see cref="GaussianProcessSampler"/>
/// over the trainer's <see cref="SearchSpace"/> (the batch's other proposals enter as pending trials).
/// Deterministic for a seed and a history.
/// </summary>
internal sealed class ConfigProposer
{
    private readonly IReadOnlyList<AutoMLTrainer> _trainers;
    private readonly Dictionary<AutoMLTrainer, TrainerSearchSpace> _spaces;
    private readonly Dictionary<AutoMLTrainer, GaussianProcessSampler> _samplers;
    private readonly int _seed;

    public ConfigProposer(IReadOnlyList<AutoMLTrainer> trainers, DatasetSchema schema, int seed)
    {
        _trainers = trainers;
        _spaces = trainers.ToDictionary(t => t, t => TrainerSpaces.Space(t, schema));
        _seed = seed;
        _samplers = trainers.ToDictionary(t => t, t => new GaussianProcessSampler(unchecked(seed * 31 + (int)t),
            new GaussianProcessSamplerOptions { InitialTrials = 3, Candidates = 256, LocalCandidates = 128, RefineStarts = 3 }));
    }

    public TrialConfig Default(AutoMLTrainer t) => new(t, _spaces[t].Defaults);

    // firstNumber: number of the first trial in the batch; history: earlier trials with loss (null when not complete).
    public List<TrialConfig> Next(int firstNumber, int size, IReadOnlyList<(TrialConfig Config, double? Loss)> history)
    {
        var rng = new Random(unchecked(_seed * 100003 + firstNumber * 7919 + 17));
        var proposals = new List<TrialConfig>();
        var pseudo = history.ToList();
        for (int s = 0; s < size; s++)
        {
            int number = firstNumber + s;
            TrialConfig cfg;
            if (number < _trainers.Count) cfg = Default(_trainers[number]);
            else
            {
                var t = PickTrainer(pseudo, rng);
                cfg = Propose(t, pseudo, rng);
            }
            proposals.Add(cfg);
            // Constant liar: pretend the pending proposal scored the trainer's best so far.
            var best = pseudo.Where(h => h.Config.Trainer == cfg.Trainer && h.Loss is not null).Select(h => h.Loss!.Value).DefaultIfEmpty(double.NaN).Min();
            pseudo.Add((cfg, double.IsNaN(best) ? null : best));
        }
        return proposals;
    }

    private AutoMLTrainer PickTrainer(List<(TrialConfig Config, double? Loss)> history, Random rng)
    {
        var ranked = _trainers
            .Select(t => (t, best: history.Where(h => h.Config.Trainer == t && h.Loss is not null).Select(h => h.Loss!.Value).DefaultIfEmpty(double.PositiveInfinity).Min()))
            .OrderBy(x => x.best).ThenBy(x => Array.IndexOf(TrainerSpaces.CostOrder, x.t)).Select(x => x.t).ToList();
        double u = rng.NextDouble();
        if (u < 0.55 || ranked.Count == 1) return ranked[0];
        if (u < 0.8) return ranked[1];
        return ranked[rng.Next(ranked.Count)];
    }

    private TrialConfig Propose(AutoMLTrainer t, List<(TrialConfig Config, double? Loss)> history, Random rng)
    {
        var space = _spaces[t].Space;
        if (space.DimensionCount == 0) return new TrialConfig(t, new Dictionary<string, double>());
        var mine = history.Where(h => h.Config.Trainer == t).ToList();
        var seen = mine.Select(h => h.Config.Describe()).ToHashSet();
        var obs = mine.Where(h => h.Loss is { } l && double.IsFinite(l)).ToList();
        TrialConfig cfg;
        if (obs.Count < 3)
        {
            // Cost-frugal random: size-like parameters (iterations, trees, epochs, hidden units) from the lower part first.
            cfg = FromSet(t, space.FromUnit(space.Dimensions.Select(p => IsSize(p.Name) ? 0.6 * rng.NextDouble() : rng.NextDouble()).ToArray()));
        }
        else
        {
            // GP-BO within the trainer: completed trials with their loss, plus this batch's earlier proposals at the trainer's best loss (constant liar).
            var done = obs.Select((h, i) => new FrozenTrial
            {
                Number = i, State = Tuning.TrialState.Complete, Parameters = space.Normalize(ToObjects(h.Config)), Value = h.Loss,
            }).ToList();
            var context = new SamplerContext(space, StudyDirection.Minimize, mine.Count, done, []);
            var proposal = _samplers[t].Propose(context);
            cfg = proposal is null ? RandomConfig(t, space, rng) : FromSet(t, proposal);
        }
        for (int tries = 0; seen.Contains(cfg.Describe()) && tries < 20; tries++) cfg = RandomConfig(t, space, rng);
        return cfg;
    }

    private static bool IsSize(string name) => new[] { "iterations", "trees", "epochs", "hidden" }.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private static TrialConfig RandomConfig(AutoMLTrainer t, SearchSpace space, Random rng) =>
        FromSet(t, space.FromUnit(space.Dimensions.Select(_ => rng.NextDouble()).ToArray()));

    private static TrialConfig FromSet(AutoMLTrainer t, ParameterSet set) =>
        new(t, set.Keys.ToDictionary(k => k, set.GetDouble, StringComparer.Ordinal));

    private static Dictionary<string, object> ToObjects(TrialConfig c) =>
        c.Parameters.ToDictionary(kv => kv.Key, kv => (object)kv.Value, StringComparer.Ordinal);
}
