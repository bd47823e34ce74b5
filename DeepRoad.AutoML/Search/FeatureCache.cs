using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Schema;
using DeepRoad.Tuning.Samplers;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// The featurized training rows of each fold, shared by the trials whose featurizer options are the same. A trial's
/// featurizer is fitted on a fold's training rows only (no leakage), and its output does not depend on the trainer or
/// the trial's seed, so every trial with the same options would fit the same featurizer and compute the same rows again:
/// on text that is most of a trial (word and character n-gram TF-IDF over every fold, where SDCA or naive Bayes then
/// trains in a fraction of the time). Here the first trial to need a (options, fold) pair fits the featurizer and keeps
/// its output in memory (Label and Features only); the others train on it. scikit-learn's pipelines would refit the
/// vectoriser in every fold of every candidate; AutoGluon featurizes once.
/// </summary>
/// <remarks>
/// Entries are built on an <see cref="MLContext"/> of their own, seeded from the run's seed, so a cached entry is the
/// same whichever trial built it (the same seed gives the same leaderboard). A trial cancelled while it builds an entry
/// cancels that build only; a trial that waited on it builds it again. The kept rows are bounded by
/// <see cref="BudgetBytes"/>: the least recently used entries are dropped first (trials still training on one keep it
/// alive until they finish).
/// </remarks>
internal sealed class FeatureCache(int seed, long budgetBytes, Func<int, CancellationToken, IDataView>? partRows = null, int parts = 0)
{
    /// <summary>Featurized rows of one fold (or of the row subsample) under one set of featurizer options.</summary>
    public sealed record Entry(ITransformer Featurizer, IDataView Rows, long Bytes);

    private sealed class Slot
    {
        public Task<Entry>? Build;
        public long LastUse;
        public long Bytes;
    }

    private readonly Dictionary<(FeaturizerOptions Options, int Part), Slot> _slots = new();
    private readonly object _gate = new();
    private long _clock;

    public long BudgetBytes { get; } = budgetBytes;

    /// <summary>What an entry's fitted featurizer is counted per feature slot (an n-gram's key, id and weight).</summary>
    internal const long BytesPerSlot = 128;

    /// <summary>Entries built and reused so far (for tests and the trace).</summary>
    public int Builds => Volatile.Read(ref _builds);
    public int Hits => Volatile.Read(ref _hits);
    private int _builds, _hits;

    /// <summary>Bytes held now (estimated from the vectors' stored values).</summary>
    public long HeldBytes
    {
        get { lock (_gate) return _slots.Values.Sum(s => s.Bytes); }
    }

    /// <summary>
    /// The featurized rows of <paramref name="part"/> (a fold's number, or -1 for the row subsample) under
    /// <paramref name="options"/>: built from <paramref name="rows"/> with <paramref name="featurizer"/> by the first caller,
    /// shared with the others.
    /// </summary>
    public Entry Get(FeaturizerOptions options, int part, Func<MLContext, IEstimator<ITransformer>> featurizer, IDataView rows, CancellationToken ct)
    {
        var key = (options, part);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            Slot slot;
            TaskCompletionSource<Entry>? mine = null;
            lock (_gate)
            {
                if (!_slots.TryGetValue(key, out slot!)) _slots[key] = slot = new Slot();
                slot.LastUse = ++_clock;
                if (slot.Build is null)
                {
                    mine = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
                    slot.Build = mine.Task;
                }
            }
            if (mine is not null) return Publish(key, slot, mine, () => Build(options, featurizer, rows, part, ct));
            // Another trial is building these rows: build another part of the same options meanwhile (the next fold this
            // trial or that one will need), so that two workers featurize two folds at once instead of one waiting.
            if (!slot.Build!.IsCompleted) Help(options, part, featurizer, ct);
            try
            {
                var entry = slot.Build!.Wait(Timeout.Infinite, ct) ? slot.Build.Result : throw new OperationCanceledException(ct);
                Interlocked.Increment(ref _hits);
                return entry;
            }
            catch (AggregateException) when (!ct.IsCancellationRequested)
            {
                // The trial that built it failed or was cancelled: build it here.
            }
        }
    }

    /// <summary>Builds the first part after <paramref name="part"/> (in fold order, the subsample first) that nobody has claimed, if any.</summary>
    private void Help(FeaturizerOptions options, int part, Func<MLContext, IEstimator<ITransformer>> featurizer, CancellationToken ct)
    {
        if (partRows is null) return;
        for (int q = part + 1; q < parts; q++)
        {
            var key = (options, q);
            Slot slot;
            TaskCompletionSource<Entry> mine;
            lock (_gate)
            {
                if (_slots.ContainsKey(key)) continue;
                _slots[key] = slot = new Slot { LastUse = ++_clock };
                mine = new TaskCompletionSource<Entry>(TaskCreationOptions.RunContinuationsAsynchronously);
                slot.Build = mine.Task;
            }
            try { Publish(key, slot, mine, () => Build(options, featurizer, partRows(q, ct), q, ct)); }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // Only a help: whoever needs that part builds it again.
            }
            return;
        }
    }

    /// <summary>
    /// Builds the entry of a claimed slot and hands it to the trials waiting on it; a failed or cancelled build is
    /// forgotten (so that the next trial to need it builds it afresh), its waiters see the error, and it is rethrown.
    /// </summary>
    private Entry Publish((FeaturizerOptions, int) key, Slot slot, TaskCompletionSource<Entry> claim, Func<Entry> build)
    {
        try
        {
            var entry = build();
            Interlocked.Increment(ref _builds);
            lock (_gate) slot.Bytes = entry.Bytes;
            claim.SetResult(entry);
            Trim(key);
            return entry;
        }
        catch (Exception e)
        {
            lock (_gate)
                if (_slots.TryGetValue(key, out var s) && ReferenceEquals(s, slot)) _slots.Remove(key);
            claim.SetException(e);
            throw;
        }
    }

    private Entry Build(FeaturizerOptions options, Func<MLContext, IEstimator<ITransformer>> featurizer, IDataView rows, int part, CancellationToken ct)
    {
        var ml = new MLContext(Seeds.Derive(seed, 1_000_003 + part));
        using var reg = ct.Register(() => MLContextCancellation.Cancel(ml));
        var model = featurizer(ml).Fit(rows);
        ct.ThrowIfCancellationRequested();
        var featurized = model.Transform(rows);
        var selected = ml.Transforms.SelectColumns(LabelPreparer.LabelColumnName, options.FeatureColumnName).Fit(featurized).Transform(featurized);
        var cached = ml.Data.Cache(selected);
        // Filled now, on this thread, so that readers never go back to the source (whose context a cancelled trial stops).
        long bytes = 0, count = 0;
        using (var cursor = cached.GetRowCursor(cached.Schema))
        {
            var getters = cached.Schema.Select(c => Getter(cursor, c)).ToArray();
            while (cursor.MoveNext())
            {
                count++;
                if ((cursor.Position & 0x3FF) == 0) ct.ThrowIfCancellationRequested();
                foreach (var g in getters) bytes += g();
            }
        }
        // The fitted featurizer is kept too, and its dictionaries grow with the slots (an n-gram per slot): on 200 short
        // texts the rows are a few kilobytes while the dictionary of uncapped word and character n-grams is megabytes.
        if (cached.Schema[options.FeatureColumnName].Type is VectorDataViewType { Size: > 0 } vector) bytes += BytesPerSlot * vector.Size;
        ct.ThrowIfCancellationRequested();
        // A training view ends early, without an error, when its trial is cancelled: never keep a short copy.
        if (rows.GetRowCount() is long expected && count != expected)
            throw new InvalidOperationException($"featurized {count} of {expected} rows");
        return new Entry(model, cached, bytes);
    }

    /// <summary>Reads a column's value of the current row and returns about how many bytes the cache holds for it.</summary>
    private static Func<long> Getter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if (column.Type is VectorDataViewType { ItemType: var item } && item.RawType == typeof(float))
        {
            var get = cursor.GetGetter<VBuffer<float>>(column);
            var value = default(VBuffer<float>);
            return () =>
            {
                get(ref value);
                return value.IsDense ? 4L * value.Length : 8L * value.GetValues().Length;
            };
        }
        var type = column.Type.RawType;
        var method = typeof(FeatureCache).GetMethod(nameof(Scalar), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(type);
        return (Func<long>)method.Invoke(null, [cursor, column])!;
    }

    private static Func<long> Scalar<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var get = cursor.GetGetter<T>(column);
        T value = default!;
        return () =>
        {
            get(ref value);
            return 8;
        };
    }

    /// <summary>
    /// Drops every finished entry (the memory watchdog's first resort: they only save time) and returns the bytes they
    /// held; builds in progress are kept, and trials training on a dropped entry keep it until they finish.
    /// </summary>
    public long Clear()
    {
        lock (_gate)
        {
            long freed = 0;
            foreach (var (key, slot) in _slots.Where(kv => kv.Value.Build is { IsCompleted: true }).ToList())
            {
                freed += slot.Bytes;
                _slots.Remove(key);
            }
            return freed;
        }
    }

    /// <summary>Drops the least recently used finished entries until the kept bytes fit the budget (never <paramref name="keep"/>).</summary>
    private void Trim((FeaturizerOptions, int) keep)
    {
        lock (_gate)
        {
            long held = _slots.Values.Sum(s => s.Bytes);
            foreach (var (key, slot) in _slots.Where(kv => kv.Value.Build is { IsCompletedSuccessfully: true }).OrderBy(kv => kv.Value.LastUse).ToList())
            {
                if (held <= BudgetBytes) break;
                if (key.Equals(keep)) continue;
                _slots.Remove(key);
                held -= slot.Bytes;
            }
        }
    }
}
