using System.Diagnostics;
using System.Globalization;
using DeepRoad.Tuning;
using DeepRoad.Tuning.Samplers;
using DeepRoad.Tuning.Spaces;

namespace DeepRoad.Benchmarks.Tuning;

/// <summary><c>dotnet run -c Release --project DeepRoad.Benchmarks -- tuning [cost|synthetic|adult|gp|profile|workers|all] [--seeds N]</c>.</summary>
public static class TuningBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.Length > 1 ? args[1] : "all";
        var seeds = args.SkipWhile(a => a != "--seeds").Skip(1).Select(int.Parse).FirstOrDefault(10);
        var budget = args.SkipWhile(a => a != "--budget").Skip(1).Select(int.Parse).FirstOrDefault(100);
        var only = args.SkipWhile(a => a != "--function").Skip(1).FirstOrDefault();
        if (what == "debug") GpDebug.Run();
        if (what == "profile") GpProfile.Run();
        if (what == "workers") await WorkerScheduling.RunAsync(args.SkipWhile(a => a != "--trials").Skip(1).Select(int.Parse).FirstOrDefault(40)).ConfigureAwait(false);
        if (what is "cost" or "all") { ProposalCost(); CholeskyCost(); }
        if (what is "synthetic" or "all") await Synthetic(seeds, budget, only).ConfigureAwait(false);
        if (what is "adult" or "all")
            await AdultTuning.RunAsync(args.SkipWhile(a => a != "--trials").Skip(1).Select(int.Parse).FirstOrDefault(30),
                args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).FirstOrDefault(5000),
                args.SkipWhile(a => a != "--max-iterations").Skip(1).Select(int.Parse).FirstOrDefault(200), args.Contains("--speedup-only")).ConfigureAwait(false);
        if (what == "gp") await GpOnly(args, seeds, budget, only).ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Cost of one GP proposal on Hartmann6 histories of 20..200 random observations: cold (a fresh sampler, full
    /// multi-start fit) and warm (the same sampler just proposed from the first n - 1 observations), wall time and CPU
    /// time of the proposing thread, median and minimum of 7; with the fit / acquisition split and likelihood evaluations.
    /// </summary>
    public static void ProposalCost()
    {
        var f = BenchmarkFunction.Hartmann6;
        Console.WriteLine($"load average: {LoadAverage()}");
        Console.WriteLine("| observations | cold: wall ms | cold: CPU ms (median / min) | cold: fit / acquisition ms, likelihood evals | warm: wall ms | warm: CPU ms (median / min) | warm: fit / acquisition ms, likelihood evals | random proposal ms |");
        Console.WriteLine("|---:|---:|---:|---|---:|---:|---|---:|");
        foreach (var n in new[] { 20, 50, 100, 200 })
        {
            var rng = new Random(n);
            var history = Enumerable.Range(0, n).Select(i =>
            {
                var p = f.Space.FromUnit(Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray());
                return new FrozenTrial { Number = i, State = TrialState.Complete, Parameters = p, Value = f.Evaluate(p) };
            }).ToArray();
            var cold = new List<(double Wall, double Cpu, GaussianProcessSampler.ProposalTimings T)>();
            var warm = new List<(double Wall, double Cpu, GaussianProcessSampler.ProposalTimings T)>();
            for (var rep = 0; rep < 8; rep++)
            {
                var gp = new GaussianProcessSampler(rep);
                var (w1, c1) = Measure(() => gp.Propose(new SamplerContext(f.Space, StudyDirection.Minimize, n - 1, history[..^1], [])));
                var t1 = gp.LastTimings!.Value;
                var (w2, c2) = Measure(() => gp.Propose(new SamplerContext(f.Space, StudyDirection.Minimize, n, history, [])));
                if (rep == 0) continue; // the first round warms up the JIT
                cold.Add((w1, c1, t1));
                warm.Add((w2, c2, gp.LastTimings!.Value));
            }
            var rs = new RandomSampler(1);
            var sw2 = Stopwatch.StartNew();
            for (var rep = 0; rep < 100; rep++) rs.Propose(new SamplerContext(f.Space, StudyDirection.Minimize, n + rep, history, []));
            static string Split(List<(double Wall, double Cpu, GaussianProcessSampler.ProposalTimings T)> xs) =>
                FormattableString.Invariant($"{Median(xs.Select(x => x.T.FitMs)):F1} / {Median(xs.Select(x => x.T.AcquisitionMs)):F1}, {Median(xs.Select(x => (double)x.T.LikelihoodEvaluations)):F0}{(xs.All(x => x.T.Warm) ? "" : " (cold)")}");
            Console.WriteLine(FormattableString.Invariant(
                $"| {n} | {Median(cold.Select(x => x.Wall)):F1} | {Median(cold.Select(x => x.Cpu)):F1} / {cold.Min(x => x.Cpu):F1} | {Split(cold)} | {Median(warm.Select(x => x.Wall)):F1} | {Median(warm.Select(x => x.Cpu)):F1} / {warm.Min(x => x.Cpu):F1} | {Split(warm)} | {sw2.Elapsed.TotalMilliseconds / 100:F3} |"));
        }
    }

    /// <summary>
    /// The likelihood loop's hand-written in-place Cholesky (row-major, SIMD dot products) against MathNet's managed
    /// <c>Matrix.Cholesky()</c> on the same Matérn kernel matrices: thread-CPU microseconds per factorisation, averaged over 99 (n = 200) or 399 (n ≤ 100).
    /// </summary>
    public static void CholeskyCost()
    {
        Console.WriteLine("| n | hand-written Cholesky (µs CPU) | MathNet Cholesky (µs CPU) | ratio MathNet / hand-written |");
        Console.WriteLine("|---:|---:|---:|---:|");
        foreach (var n in new[] { 50, 100, 200 })
        {
            var rng = new Random(n);
            var x = Enumerable.Range(0, n).Select(_ => Enumerable.Range(0, 6).Select(_ => rng.NextDouble()).ToArray()).ToArray();
            var k = new double[n * n];
            for (var i = 0; i < n; i++)
                for (var j = 0; j < n; j++)
                {
                    var r = Math.Sqrt(x[i].Zip(x[j]).Sum(p => (p.First - p.Second) * (p.First - p.Second)) / 0.25);
                    k[i * n + j] = (1 + Math.Sqrt(5) * r + 5.0 / 3.0 * r * r) * Math.Exp(-Math.Sqrt(5) * r) + (i == j ? 1e-6 : 0);
                }
            var reps = n <= 100 ? 400 : 100;
            var copies = Enumerable.Range(0, reps).Select(_ => (double[])k.Clone()).ToArray();
            var matrices = Enumerable.Range(0, reps).Select(_ => MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => k[i * n + j])).ToArray();
            DeepRoad.Tuning.Samplers.Gp.DenseMath.CholeskyInPlace((double[])k.Clone(), n); // JIT warm-up
            matrices[0].Cholesky();
            var (_, ourCpu) = Measure(() => { for (var r = 1; r < reps; r++) DeepRoad.Tuning.Samplers.Gp.DenseMath.CholeskyInPlace(copies[r], n); });
            var (_, theirCpu) = Measure(() => { for (var r = 1; r < reps; r++) matrices[r].Cholesky(); });
            var ours = new[] { ourCpu * 1e3 / (reps - 1) };
            var theirs = new[] { theirCpu * 1e3 / (reps - 1) };
            Console.WriteLine(FormattableString.Invariant($"| {n} | {Median(ours):F0} | {Median(theirs):F0} | {Median(theirs) / Median(ours):F1} |"));
        }
    }

    internal static (double WallMs, double CpuMs) Measure(Action action)
    {
        var cpu0 = ThreadCpuMs();
        var sw = Stopwatch.StartNew();
        action();
        return (sw.Elapsed.TotalMilliseconds, ThreadCpuMs() - cpu0);
    }

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UtimeSec, UtimeUsec, StimeSec, StimeUsec;
        public long F0, F1, F2, F3, F4, F5, F6, F7, F8, F9, F10, F11, F12, F13;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, out RUsage usage);

    /// <summary>CPU time (user + system) of the calling thread, from getrusage(RUSAGE_THREAD); NaN off Linux.</summary>
    private static double ThreadCpuMs()
    {
        if (!OperatingSystem.IsLinux() || GetRUsage(1, out var u) != 0) return double.NaN;
        return (u.UtimeSec + u.StimeSec) * 1e3 + (u.UtimeUsec + u.StimeUsec) / 1e3;
    }

    internal static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static readonly int[] Checkpoints = [10, 20, 30, 50, 100];

    /// <summary>Best-so-far curves of GP, random and grid on the three functions.</summary>
    public static async Task Synthetic(int seeds, int budget, string? only)
    {
        var functions = new[] { BenchmarkFunction.Branin, BenchmarkFunction.Hartmann6, BenchmarkFunction.Rosenbrock4, BenchmarkFunction.Rosenbrock4DeJong }
            .Where(f => only is null || f.Name.Equals(only, StringComparison.OrdinalIgnoreCase)).ToArray();
        var samplers = new (string Name, Func<int, int, ISampler> Make)[]
        {
            ("DeepRoad GP (logEI)", (seed, _) => new GaussianProcessSampler(seed)),
            ("DeepRoad random", (seed, _) => new RandomSampler(seed)),
            ("DeepRoad grid", (seed, dims) => new GridSampler(seed, resolution: (int)Math.Ceiling(Math.Pow(budget, 1.0 / dims)))),
        };
        foreach (var f in functions)
        {
            Console.WriteLine($"\n### {f.Name} (minimum {f.Minimum.ToString(CultureInfo.InvariantCulture)}): median regret over {seeds} seeds\n");
            Console.WriteLine("| sampler | " + string.Join(" | ", Checkpoints.Where(c => c <= budget).Select(c => $"{c} evals")) + " | seconds |");
            Console.WriteLine("|---|" + string.Concat(Checkpoints.Where(c => c <= budget).Select(_ => "---:|")) + "---:|");
            foreach (var (name, make) in samplers)
            {
                var curves = new List<double[]>();
                var sw = Stopwatch.StartNew();
                for (var seed = 0; seed < seeds; seed++)
                {
                    var study = new Study(f.Name, f.Space, make(seed, f.Space.DimensionCount));
                    var result = await study.OptimizeAsync(Objective.Create(f.Evaluate), StudyBudget.OfTrials(budget)).ConfigureAwait(false);
                    curves.Add(BestSoFar(result.Trials, budget, f.Minimum));
                }
                Console.WriteLine($"| {name} | " + string.Join(" | ", Checkpoints.Where(c => c <= budget).Select(c => Median(curves.Select(cv => cv[c - 1])).ToString("G4", CultureInfo.InvariantCulture)))
                    + $" | {sw.Elapsed.TotalSeconds:F1} |");
            }
        }
    }

    /// <summary>GP only, with options from the command line (for diagnosis): --init N --starts N --no-power --candidates N.</summary>
    public static async Task GpOnly(string[] args, int seeds, int budget, string? only)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var options = new GaussianProcessSamplerOptions
        {
            InitialTrials = Arg("--init") is { } i ? int.Parse(i, CultureInfo.InvariantCulture) : null,
            HyperparameterStarts = Arg("--starts") is { } s ? int.Parse(s, CultureInfo.InvariantCulture) : new GaussianProcessSamplerOptions().HyperparameterStarts,
            Candidates = Arg("--candidates") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : new GaussianProcessSamplerOptions().Candidates,
            PowerTransform = !args.Contains("--no-power"),
            RefineStarts = Arg("--refine") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : new GaussianProcessSamplerOptions().RefineStarts,
            LocalCandidates = Arg("--local") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : new GaussianProcessSamplerOptions().LocalCandidates,
            HyperparameterIterations = Arg("--iters") is { } it ? int.Parse(it, CultureInfo.InvariantCulture) : new GaussianProcessSamplerOptions().HyperparameterIterations,
        };
        var functions = new[] { BenchmarkFunction.Branin, BenchmarkFunction.Hartmann6, BenchmarkFunction.Rosenbrock4, BenchmarkFunction.Rosenbrock4DeJong }
            .Where(f => only is null || only.Split(',').Any(o => f.Name.Equals(o, StringComparison.OrdinalIgnoreCase))).ToArray();
        foreach (var f in functions)
        {
            var curves = new List<double[]>();
            var sw = Stopwatch.StartNew();
            for (var seed = 0; seed < seeds; seed++)
            {
                var study = new Study(f.Name, f.Space, new GaussianProcessSampler(seed, options));
                var result = await study.OptimizeAsync(Objective.Create(f.Evaluate), StudyBudget.OfTrials(budget)).ConfigureAwait(false);
                curves.Add(BestSoFar(result.Trials, budget, f.Minimum));
            }
            Console.WriteLine($"{f.Name} " + string.Join(" ", Checkpoints.Where(c => c <= budget).Select(c => FormattableString.Invariant($"{c}:{Median(curves.Select(cv => cv[c - 1])):G4}"))) + FormattableString.Invariant($" {sw.Elapsed.TotalSeconds:F0}s"));
            if (args.Contains("--verbose"))
            {
                if (budget > 30) Console.WriteLine("  at 30: " + string.Join(" ", curves.Select(cv => cv[29].ToString("G3", CultureInfo.InvariantCulture))));
                Console.WriteLine("  final: " + string.Join(" ", curves.Select(cv => cv[^1].ToString("G3", CultureInfo.InvariantCulture))));
            }
        }
    }

    public static double[] BestSoFar(IReadOnlyList<FrozenTrial> trials, int budget, double minimum)
    {
        var curve = new double[budget];
        var best = double.PositiveInfinity;
        for (var i = 0; i < budget; i++)
        {
            if (i < trials.Count && trials[i].Value is { } v) best = Math.Min(best, v - minimum);
            curve[i] = best;
        }
        return curve;
    }

    public static double Median(IEnumerable<double> xs)
    {
        var a = xs.OrderBy(x => x).ToArray();
        return a.Length % 2 == 1 ? a[a.Length / 2] : 0.5 * (a[a.Length / 2 - 1] + a[a.Length / 2]);
    }
}
