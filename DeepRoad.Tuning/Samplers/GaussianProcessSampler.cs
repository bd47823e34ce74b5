using DeepRoad.Tuning.Samplers.Gp;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Tuning.Samplers;

/// <summary>
/// Bayesian optimisation with a Gaussian process: a scrambled Sobol initial design, then a Matérn 5/2 ARD GP on
/// standardised values (hyperparameters by multi-start MAP of the marginal likelihood) and an acquisition (log EI by
/// default) maximised over Sobol and near-best candidates refined by gradient ascent on continuous parameters and
/// neighbourhood moves on integers and categories, always at projected (legal) points. Pending trials enter as
/// constant liars or kriging believers; failed and pruned trials as the worst value; duplicates of earlier points are avoided.
/// </summary>
public sealed class GaussianProcessSampler : ISampler
{
    private readonly int _seed;
    private readonly object _gate = new();
    private (SearchSpace Space, SpaceEncoder Encoder)? _encoder;
    private (SearchSpace Space, string[] Keys, double[] Theta, int WarmFits)? _lastFit;

    /// <summary>Creates the sampler.</summary>
    public GaussianProcessSampler(int seed, GaussianProcessSamplerOptions? options = null)
    {
        _seed = seed;
        Options = options ?? new GaussianProcessSamplerOptions();
        Options.Validate();
    }

    /// <summary>The options.</summary>
    public GaussianProcessSamplerOptions Options { get; }

    private SpaceEncoder Encoder(SearchSpace space)
    {
        lock (_gate)
        {
            if (_encoder is { } e && ReferenceEquals(e.Space, space)) return e.Encoder;
            var enc = new SpaceEncoder(space);
            _encoder = (space, enc);
            return enc;
        }
    }

    /// <inheritdoc />
    public ParameterSet? Propose(SamplerContext context)
    {
        var space = context.Space;
        var n = context.TrialNumber;
        if (space.DimensionCount == 0) return space.FromUnit([]);
        var encoder = Encoder(space);
        var sign = context.Direction == StudyDirection.Minimize ? 1.0 : -1.0;
        var used = new HashSet<string>(context.History.Select(t => t.Parameters.Key).Concat(context.Pending.Select(p => p.Key)));

        var complete = context.History.Where(t => t.State == TrialState.Complete && t.Value is { } v && double.IsFinite(v)).ToList();
        var initial = Options.InitialTrials ?? DefaultInitialTrials(space.DimensionCount);
        if (complete.Count < initial) return InitialDesign(space, n, used);

        var xs = complete.Select(t => encoder.Encode(t.Parameters)).ToList();
        var ys = complete.Select(t => sign * t.Value!.Value).ToList();
        if (Options.ImputeFailedAsWorst || Options.ImputePrunedAsWorst)
        {
            var worst = ys.Max();
            IEnumerable<FrozenTrial> failed = Options.ImputeFailedAsWorst ? context.History.Where(t => t.State == TrialState.Failed) : [];
            IEnumerable<FrozenTrial> pruned = Options.ImputePrunedAsWorst
                ? context.History.Where(t => t.State == TrialState.Pruned).OrderByDescending(t => t.Number).Take(Options.MaxImputedPruned).OrderBy(t => t.Number)
                : [];
            foreach (var t in failed.Concat(pruned))
            {
                xs.Add(encoder.Encode(t.Parameters));
                ys.Add(worst);
            }
        }
        var yStd = OutputTransform.Apply(ys, Options.PowerTransform);
        var rng = new Random(Seeds.Derive(_seed, n));
        var fitWatch = System.Diagnostics.Stopwatch.StartNew();
        var keys = complete.Select(t => t.Parameters.Key).ToArray();
        var warm = WarmStart(space, keys);
        var evaluations = GaussianProcessModel.Evaluations;
        var model = GaussianProcessModel.Fit(xs.ToArray(), yStd, rng, Options.HyperparameterStarts, Options.HyperparameterIterations, warm?.Theta);
        lock (_gate) _lastFit = (space, keys, model.Theta, warm is null ? 0 : warm.Value.WarmFits + 1);
        var fitMs = fitWatch.Elapsed.TotalMilliseconds;
        var fitEvaluations = GaussianProcessModel.Evaluations - evaluations;
        var incumbent = yStd.Take(complete.Count).Min();

        if (context.Pending.Count > 0)
        {
            var px = context.Pending.Select(encoder.Encode).ToArray();
            var liars = Options.BatchStrategy switch
            {
                BatchStrategy.ConstantLiarWorst => px.Select(_ => yStd.Max()).ToArray(),
                BatchStrategy.ConstantLiarMean => px.Select(_ => yStd.Average()).ToArray(),
                BatchStrategy.ConstantLiarBest => px.Select(_ => yStd.Min()).ToArray(),
                _ => px.Select(x => model.Predict(x).Mean).ToArray(),
            };
            model = model.WithData(xs.Concat(px).ToArray(), yStd.Concat(liars).ToArray());
            incumbent = Math.Min(incumbent, liars.Min()); // fantasies count as observations (else KB re-proposes a pending point)
        }

        var acqWatch = System.Diagnostics.Stopwatch.StartNew();
        var acquisition = new Acquisition(model, incumbent, Options.Acquisition, Options.Kappa);
        var proposal = Optimise(space, encoder, acquisition, complete, yStd, n, rng, used);
        LastTimings = new ProposalTimings(fitMs, acqWatch.Elapsed.TotalMilliseconds, fitEvaluations, warm is not null);
        return proposal;
    }

    /// <summary>Default size of the initial design: twice the number of dimensions, at least 5 and at most 20.</summary>
    internal static int DefaultInitialTrials(int dimensions) => Math.Clamp(2 * dimensions, 5, 20);

    /// <summary>Wall times of the last model-based proposal (for benchmarks).</summary>
    internal ProposalTimings? LastTimings { get; private set; }

    internal readonly record struct ProposalTimings(double FitMs, double AcquisitionMs, long LikelihoodEvaluations, bool Warm);

    /// <summary>
    /// The previous fit's hyperparameters when the previous model saw a prefix of today's observations (the usual case
    /// inside one study, whose proposals are made one at a time in trial order) and no full refit is due; else null.
    /// </summary>
    private (double[] Theta, int WarmFits)? WarmStart(SearchSpace space, string[] keys)
    {
        if (!Options.WarmStartHyperparameters || keys.Length <= Options.WarmStartAfter) return null;
        lock (_gate)
        {
            if (_lastFit is not { } last || !ReferenceEquals(last.Space, space) || last.Keys.Length > keys.Length) return null;
            if (last.WarmFits + 1 >= Options.FullRefitInterval) return null;
            for (var i = 0; i < last.Keys.Length; i++)
                if (!string.Equals(last.Keys[i], keys[i], StringComparison.Ordinal)) return null;
            return (last.Theta, last.WarmFits);
        }
    }

    private ParameterSet InitialDesign(SearchSpace space, int n, HashSet<string> used)
    {
        var sobol = new SobolSequence(space.DimensionCount, Seeds.Derive(_seed, -1));
        ParameterSet? first = null;
        for (var k = 0; k < 64; k++)
        {
            var p = space.FromUnit(sobol.Point(n + k * 997L));
            first ??= p;
            if (!used.Contains(p.Key)) return p;
        }
        return first!;
    }

    private ParameterSet Optimise(SearchSpace space, SpaceEncoder encoder, Acquisition acq, List<FrozenTrial> complete, double[] yStd, int n, Random rng, HashSet<string> used)
    {
        var candidates = new List<double[]>();
        var sobol = new SobolSequence(space.DimensionCount, Seeds.Derive(_seed, 1_000_003L + n));
        foreach (var u in sobol.Points(0, Options.Candidates)) candidates.Add(encoder.EncodeUnit(u));
        // Around the best observations (Gaussian steps of several sizes in the unit cube).
        var best = complete.Select((t, i) => (t, y: yStd[i])).OrderBy(p => p.y).Take(5).Select(p => space.ToUnit(p.t.Parameters)).ToArray();
        if (best.Length > 0)
        {
            double[] scales = [0.01, 0.03, 0.1, 0.3];
            for (var k = 0; k < Options.LocalCandidates; k++)
            {
                var centre = best[k % best.Length];
                var scale = scales[(k / best.Length) % scales.Length];
                var u = new double[centre.Length];
                for (var d = 0; d < u.Length; d++) u[d] = Math.Clamp(centre[d] + scale * Normal(rng), 0, 1);
                candidates.Add(encoder.EncodeUnit(u));
            }
        }

        var values = acq.Values(candidates);
        var scored = candidates.Select((x, i) => (x, v: values[i])).Where(c => double.IsFinite(c.v)).OrderByDescending(c => c.v).ToList();
        var pool = new List<(double[] X, double V)>(scored.Select(s => (s.x, s.v)));
        var seen = new HashSet<string>();
        var starts = 0;
        foreach (var (x, v) in scored)
        {
            if (starts >= Options.RefineStarts) break;
            var key = encoder.Decode(x).Key;
            if (!seen.Add(key)) continue;
            starts++;
            pool.Add(Refine(encoder, acq, x, v, used));
        }

        foreach (var (x, _) in pool.OrderByDescending(p => p.V))
        {
            var p = encoder.Decode(x);
            if (!used.Contains(p.Key)) return p;
        }
        // Everything scored is a duplicate (tiny discrete space): fall back to a fresh quasi-random point.
        return InitialDesign(space, n + 1_000_000, used);
    }

    private (double[] X, double V) Refine(SpaceEncoder encoder, Acquisition acq, double[] x0, double v0, HashSet<string> used)
    {
        var x = x0;
        var v = v0;
        for (var round = 0; round < 3; round++)
        {
            var improved = false;
            var parameters = encoder.Decode(x);
            var dims = encoder.ActiveContinuous(parameters);
            if (dims.Length > 0)
            {
                var (xc, vc) = GradientAscent(encoder, acq, x, dims);
                if (vc > v + 1e-12) { x = xc; v = vc; improved = true; parameters = encoder.Decode(x); }
            }
            // Neighbourhood moves for integers and categories, evaluated at projected points.
            for (var pass = 0; pass < 10; pass++)
            {
                double[]? bestX = null;
                var bestV = v;
                foreach (var y in encoder.DiscreteNeighbours(x, parameters))
                {
                    var vy = acq.Value(y);
                    if (vy > bestV + 1e-12) { bestV = vy; bestX = y; }
                }
                if (bestX is null) break;
                x = bestX;
                v = bestV;
                parameters = encoder.Decode(x);
                improved = true;
            }
            if (!improved) break;
        }
        return (x, v);
    }

    private static (double[] X, double V) GradientAscent(SpaceEncoder encoder, Acquisition acq, double[] x0, int[] dims)
    {
        var bestX = x0;
        var bestV = acq.Value(x0);
        var full = (double[])x0.Clone();
        var start = dims.Select(d => x0[d]).ToArray();
        var lower = new double[dims.Length];
        var upper = Enumerable.Repeat(1.0, dims.Length).ToArray();
        BoxBfgs.Minimise((z, gradient) =>
        {
            for (var t = 0; t < dims.Length; t++) full[dims[t]] = z[t];
            var (val, grad) = acq.ValueAndGradient(full, dims);
            if (!double.IsFinite(val))
            {
                Array.Clear(gradient);
                return double.PositiveInfinity;
            }
            if (val > bestV) { bestV = val; bestX = (double[])full.Clone(); }
            for (var t = 0; t < dims.Length; t++) gradient[t] = double.IsFinite(grad[t]) ? -grad[t] : 0;
            return -val;
        }, start, lower, upper, 40, 1e-7, 1e-10, initialStep: 0.1);
        var projected = encoder.Project(bestX);
        return (projected, acq.Value(projected));
    }

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The acquisition on standardised values (always maximised; the GP models values to minimise).</summary>
    private sealed class Acquisition(GaussianProcessModel model, double incumbent, AcquisitionFunction kind, double kappa)
    {
        public double Value(double[] x)
        {
            var (mu, var) = model.Predict(x);
            return FromMoments(mu, var);
        }

        public double[] Values(IReadOnlyList<double[]> xs)
        {
            var mean = new double[xs.Count];
            var variance = new double[xs.Count];
            model.PredictBatch(xs, mean, variance);
            var values = new double[xs.Count];
            for (var i = 0; i < values.Length; i++) values[i] = FromMoments(mean[i], variance[i]);
            return values;
        }

        private double FromMoments(double mu, double var)
        {
            var s = Math.Sqrt(var);
            return kind switch
            {
                AcquisitionFunction.LogExpectedImprovement => LogAcquisitionMath.LogH((incumbent - mu) / s) + Math.Log(s),
                AcquisitionFunction.ProbabilityOfImprovement => LogAcquisitionMath.LogCdf((incumbent - mu) / s),
                _ => -mu + kappa * s,
            };
        }

        public (double Value, double[] Gradient) ValueAndGradient(double[] x, int[] dims)
        {
            var (mu, var, dMu, dVar) = model.PredictWithGradient(x, dims);
            var s = Math.Sqrt(var);
            var z = (incumbent - mu) / s;
            var g = new double[dims.Length];
            double value;
            switch (kind)
            {
                case AcquisitionFunction.LogExpectedImprovement:
                {
                    value = LogAcquisitionMath.LogH(z) + Math.Log(s);
                    var dlh = LogAcquisitionMath.DLogH(z);
                    for (var t = 0; t < g.Length; t++)
                    {
                        var ds = dVar[t] / (2 * s);
                        var dz = (-dMu[t] - z * ds) / s;
                        g[t] = dlh * dz + ds / s;
                    }
                    break;
                }
                case AcquisitionFunction.ProbabilityOfImprovement:
                {
                    value = LogAcquisitionMath.LogCdf(z);
                    var ratio = Math.Exp(LogAcquisitionMath.LogPdf(z) - value);
                    for (var t = 0; t < g.Length; t++)
                    {
                        var ds = dVar[t] / (2 * s);
                        g[t] = ratio * (-dMu[t] - z * ds) / s;
                    }
                    break;
                }
                default:
                    value = -mu + kappa * s;
                    for (var t = 0; t < g.Length; t++) g[t] = -dMu[t] + kappa * dVar[t] / (2 * s);
                    break;
            }
            return (value, g);
        }
    }
}
