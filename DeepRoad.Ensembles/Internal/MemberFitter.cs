using Microsoft.ML;

namespace DeepRoad.Ensembles.Internal;

/// <summary>One member fit: who, on what, with which seed.</summary>
internal sealed record FitJob(EnsembleMember Member, int Seed, IDataView Train, string Stage);

/// <summary>Fits members (in parallel, each in its own seeded child MLContext), naming any failing member.</summary>
internal static class MemberFitter
{
    public static ITransformer Fit(FitJob job, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var context = new MLContext(job.Seed);
        var estimator = job.Member.Create(context);
        try
        {
            return estimator.Fit(job.Train);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not EnsembleMemberException)
        {
            throw new EnsembleMemberException(job.Member.Name, $"Ensemble member '{job.Member.Name}' failed ({job.Stage}): {ex.Message}", ex);
        }
    }

    public static ITransformer[] FitAll(IReadOnlyList<FitJob> jobs, int maxParallelism, CancellationToken ct,
        IProgress<EnsembleProgress>? progress, int completedBefore = 0, int? total = null)
    {
        var results = new ITransformer[jobs.Count];
        var errors = new Exception?[jobs.Count];
        int done = completedBefore;
        int all = total ?? completedBefore + jobs.Count;
        try
        {
            // The fits run on thread-pool threads, never on the caller's. Fitted from a console app's main thread (as
            // Parallel.For does with one worker, and for one branch with two), 8 FastTree members on adult took about twice
            // the CPU and wall time of the same fits on pool threads: benchmarks/results/ensembles.md, "Parallel member fitting".
            Task.Run(Run, CancellationToken.None).GetAwaiter().GetResult();
            void Run() => Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = ct }, (i, state) =>
            {
                try
                {
                    results[i] = Fit(jobs[i], ct);
                    progress?.Report(new EnsembleProgress(jobs[i].Stage, jobs[i].Member.Name, Interlocked.Increment(ref done), all));
                }
                catch (Exception ex)
                {
                    errors[i] = ex;
                    state.Stop();
                }
            });
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        // Report the first failure in job order, so the message does not depend on thread timing.
        var first = errors.FirstOrDefault(e => e != null);
        if (first is OperationCanceledException) ct.ThrowIfCancellationRequested();
        if (first != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        return results;
    }
}
