using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Graph;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Internal;

/// <summary>Out-of-fold predictions of one member and the node that predicts for it afterwards.</summary>
internal sealed record OofResult(EnsembleMember Member, float[] Oof, PredictionNode Node);

/// <summary>
/// k-fold (optionally repeated) out-of-fold predictions for a list of members on one training view,
/// then either a refit on all rows or (bagged mode, as AutoGluon) the fold models averaged.
/// OOF values are held as one float array per member (rows x width); the data is never copied.
/// </summary>
internal static class OutOfFoldRunner
{
    public static OofResult[] Run(
        IReadOnlyList<EnsembleMember> members, IDataView view, FeatureSpec? features, TaskInfo task,
        IReadOnlyList<int[]> foldsPerRepeat, int folds, bool bagged, int seed, int maxParallelism,
        CancellationToken ct, IProgress<EnsembleProgress>? progress, string stage)
    {
        int n = foldsPerRepeat[0].Length, w = task.Width, repeats = foldsPerRepeat.Count;
        var mode = task.IsClassification ? OutputMode.Probabilities : OutputMode.Value;

        var jobs = new List<FitJob>();
        var foldJobs = new List<(int Member, int Repeat, int Fold, int Job)>();
        var refitJob = new int[members.Count];
        var seeds = Seeds.Derive(seed, members.Count * (repeats * folds + 1));
        int s = 0;
        for (int m = 0; m < members.Count; m++)
        {
            for (int r = 0; r < repeats; r++)
                for (int f = 0; f < folds; f++)
                {
                    var assign = foldsPerRepeat[r];
                    var counts = new int[n];
                    for (int i = 0; i < n; i++) counts[i] = assign[i] == f ? 0 : 1;
                    foldJobs.Add((m, r, f, jobs.Count));
                    string where = repeats > 1 ? $"{stage}, repeat {r + 1}/{repeats} fold {f + 1}/{folds}" : $"{stage}, fold {f + 1}/{folds}";
                    jobs.Add(new FitJob(members[m], seeds[s++], new RowCountsDataView(view, counts), where));
                }
            refitJob[m] = -1;
            if (!bagged)
            {
                refitJob[m] = jobs.Count;
                jobs.Add(new FitJob(members[m], seeds[s], view, $"{stage}, refit on all rows"));
            }
            s++;
        }
        var models = MemberFitter.FitAll(jobs, maxParallelism, ct, progress);

        // Out-of-fold predictions: each fold model predicts only the rows it did not see.
        var oof = members.Select(_ => new float[(long)n * w]).ToArray();
        var parts = new float[foldJobs.Count][];
        Parallel.For(0, foldJobs.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = ct }, j =>
        {
            var (m, r, f, job) = foldJobs[j];
            var assign = foldsPerRepeat[r];
            var counts = new int[n];
            int rows = 0;
            for (int i = 0; i < n; i++) if (assign[i] == f) { counts[i] = 1; rows++; }
            try
            {
                parts[j] = ScoredRowReader.ReadAll(models[job].Transform(new RowCountsDataView(view, counts)), mode, task, rows);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new EnsembleMemberException(members[m].Name, $"Ensemble member '{members[m].Name}' failed to predict ({jobs[job].Stage}): {ex.Message}", ex);
            }
        });
        for (int j = 0; j < foldJobs.Count; j++)
        {
            var (m, r, f, _) = foldJobs[j];
            var assign = foldsPerRepeat[r];
            int o = 0;
            for (int i = 0; i < n; i++)
            {
                if (assign[i] != f) continue;
                for (int k = 0; k < w; k++) oof[m][i * w + k] += parts[j][o * w + k] / repeats;
                o++;
            }
        }

        var results = new OofResult[members.Count];
        for (int m = 0; m < members.Count; m++)
        {
            PredictionNode node;
            if (bagged)
            {
                var foldNodes = foldJobs.Where(t => t.Member == m)
                    .Select(t => (PredictionNode)new ModelNode($"{members[m].Name}/r{t.Repeat + 1}f{t.Fold + 1}", models[t.Job], view.Schema, mode, task, features))
                    .ToArray();
                node = new CombinerNode(foldNodes, Enumerable.Repeat(1.0, foldNodes.Length).ToArray(), CombineMode.Average, task);
            }
            else
            {
                node = new ModelNode(members[m].Name, models[refitJob[m]], view.Schema, mode, task, features);
            }
            results[m] = new OofResult(members[m], oof[m], node);
        }
        return results;
    }
}
