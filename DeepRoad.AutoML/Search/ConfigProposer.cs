using DeepRoad.AutoML.Data;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Proposes trial configurations, cost-aware: first every trainer's default (cheapest trainers first), then a
/// trainer chosen by its best score so far (mostly the leaders, sometimes any), and within it a random
/// small-first configuration until it has 3 observations, then GP expected improvement with a constant liar
/// for the other proposals of the same batch. Deterministic for a seed and a history.
/// </summary>
internal sealed class ConfigProposer
{
    private readonly IReadOnlyList<AutoMLTrainer> _trainers;
    private readonly Dictionary<AutoMLTrainer, IReadOnlyList<ParamSpec>> _spaces;
    private readonly int _seed;

    public ConfigProposer(IReadOnlyList<AutoMLTrainer> trainers, DatasetSchema schema, int seed)
    {
        _trainers = trainers;
        _spaces = trainers.ToDictionary(t => t, t => TrainerSpaces.Space(t, schema));
        _seed = seed;
    }

    public TrialConfig Default(AutoMLTrainer t) => new(t, _spaces[t].ToDictionary(p => p.Name, p => p.Default));

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
        var space = _spaces[t];
        var seen = history.Where(h => h.Config.Trainer == t).Select(h => h.Config.Describe()).ToHashSet();
        var obs = history.Where(h => h.Config.Trainer == t && h.Loss is { } l && double.IsFinite(l)).ToList();
        if (space.Count == 0) return new TrialConfig(t, new Dictionary<string, double>());
        double[] point;
        if (obs.Count < 3)
        {
            // Cost-frugal random: size-like parameters (iterations, trees, epochs, hidden units) from the lower part first.
            point = space.Select(p => IsSize(p) ? 0.6 * rng.NextDouble() : rng.NextDouble()).ToArray();
        }
        else
        {
            var x = obs.Select(o => Encode(space, o.Config)).ToList();
            var y = obs.Select(o => o.Loss!.Value).ToList();
            var gp = new GaussianProcess(x, y);
            double best = y.Min();
            var bestX = x[y.IndexOf(best)];
            double bestEi = double.NegativeInfinity;
            point = bestX;
            for (int c = 0; c < 400; c++)
            {
                double[] cand = c < 300
                    ? space.Select(_ => rng.NextDouble()).ToArray()
                    : bestX.Select(v => Math.Clamp(v + 0.12 * Gaussian(rng), 0, 1)).ToArray();
                double ei = gp.ExpectedImprovement(cand, best);
                if (ei > bestEi) { bestEi = ei; point = cand; }
            }
        }
        var cfg = Decode(t, space, point);
        for (int tries = 0; seen.Contains(cfg.Describe()) && tries < 20; tries++)
            cfg = Decode(t, space, space.Select(_ => rng.NextDouble()).ToArray());
        return cfg;
    }

    private static bool IsSize(ParamSpec p) => p.Name.EndsWith("iterations") || p.Name.EndsWith("trees") || p.Name.EndsWith("epochs") || p.Name.EndsWith("hidden");

    private static double[] Encode(IReadOnlyList<ParamSpec> space, TrialConfig c) =>
        space.Select(p => p.ToUnit(c.Parameters.GetValueOrDefault(p.Name, p.Default))).ToArray();

    private static TrialConfig Decode(AutoMLTrainer t, IReadOnlyList<ParamSpec> space, double[] u) =>
        new(t, space.Select((p, i) => (p.Name, v: p.FromUnit(u[i]))).ToDictionary(x => x.Name, x => x.v));

    private static double Gaussian(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
