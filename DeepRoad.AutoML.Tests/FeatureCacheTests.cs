using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Splits;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Tests;

/// <summary>Featurized fold rows shared between trials with the same featurizer options (<see cref="FeatureCache"/>).</summary>
public sealed class FeatureCacheTests
{
    /// <summary>The first 600 rows of the shipped fine_foods reviews (text and label).</summary>
    private static string SmallText()
    {
        var path = Path.Combine(TestData.TempDir(), "reviews.csv");
        File.WriteAllLines(path, File.ReadLines(TestData.Shipped("fine_foods", "train.csv")).Take(601));
        return path;
    }

    [Fact]
    public async Task FitAsync_TrialsWithOneFeaturizer_ShareItsRows_SameSeedSameLeaderboard()
    {
        var file = SmallText();
        AutoMLOptions Options() => new()
        {
            LabelColumn = "label", TimeBudget = null, MaxTrials = 4, Workers = 2, Seed = 5, Folds = 3, Repeats = 1,
            Trainers = [AutoMLTrainer.SdcaLinear, AutoMLTrainer.NaiveBayes],
        };
        FeatureCache? cache = null;
        var shared = await new AutoMLExperiment(new MLContext(5), Options()) { OnFeatureCache = c => cache = c }.FitAsync(file);
        var again = await new AutoMLExperiment(new MLContext(5), Options()).FitAsync(file);
        var own = await new AutoMLExperiment(new MLContext(5), Options()) { ShareFeaturizedRows = false }.FitAsync(file);

        Assert.NotNull(cache);
        // The two defaults (SDCA and naive Bayes) featurize text alike: the second reads the first one's rows.
        Assert.True(cache!.Hits >= 4, $"hits {cache.Hits}, builds {cache.Builds}");
        Assert.True(cache.HeldBytes > 0);
        var a = shared.Leaderboard.Trials.OrderBy(t => t.Number).ToList();
        var b = again.Leaderboard.Trials.OrderBy(t => t.Number).ToList();
        var c = own.Leaderboard.Trials.OrderBy(t => t.Number).ToList();
        Assert.Equal(4, a.Count);
        Assert.Equal(a.Select(t => (t.Trainer, t.Pipeline, t.State, t.Score)), b.Select(t => (t.Trainer, t.Pipeline, t.State, t.Score)));
        Assert.Equal(a.Select(t => (t.Trainer, t.Pipeline)), c.Select(t => (t.Trainer, t.Pipeline)));
        // Naive Bayes draws nothing at random: on the shared rows it scores exactly as on its own. SDCA's shuffling
        // seed is drawn from its context after the featurizer's components took theirs, so it moves a little.
        foreach (var (x, y) in a.Zip(c))
        {
            Assert.True(x.State == TrialState.Complete && y.State == TrialState.Complete, x.Error ?? y.Error);
            if (x.Trainer == AutoMLTrainer.NaiveBayes) Assert.Equal(y.Score!.Value, x.Score!.Value, 12);
            else Assert.True(Math.Abs(x.Score!.Value - y.Score!.Value) < 0.03, $"trial {x.Number}: {x.Score} shared, {y.Score} own");
        }
        var auc = shared.Model.Evaluate(TestData.Shipped("fine_foods", "test.csv"))["auc"];
        Assert.True(auc > 0.75, $"test AUC {auc}");
    }

    [Fact]
    public void Get_HoldsWhatTheFeaturizerWrites()
    {
        var (data, options, featurizer, rows) = Setup();
        var ml = new MLContext(1);
        var view = DataViewRows.Select(ml, data, rows);
        var entry = new FeatureCache(seed: 1, budgetBytes: 1L << 30).Get(options, 0, featurizer, view, CancellationToken.None);
        var direct = featurizer(ml).Fit(view).Transform(view);
        var cached = entry.Rows.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToList();
        var expected = direct.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToList();
        Assert.Equal(300, cached.Count);
        Assert.Equal(expected, cached);
        Assert.Equal(direct.GetColumn<bool>("Label"), entry.Rows.GetColumn<bool>("Label"));
        // Its size counts the stored values and the fitted featurizer's dictionaries (per slot).
        int slots = ((VectorDataViewType)entry.Rows.Schema["Features"].Type).Size;
        long values = cached.Sum(v => (long)v.Count(x => x != 0));
        Assert.InRange(entry.Bytes, FeatureCache.BytesPerSlot * slots + 8 * values, FeatureCache.BytesPerSlot * slots + 8 * values + 8 * 300 + 4L * slots * 300);
    }

    [Fact]
    public void FeaturizerKey_IgnoresChoicesThatCannotChangeTheRows()
    {
        var ml = new MLContext(0);
        var text = AutoMLData.Load(ml, SmallText(), new AutoMLOptions { LabelColumn = "label" });
        var space = new AutoMLSpace([AutoMLTrainer.SdcaLinear, AutoMLTrainer.NaiveBayes], text);
        // Text only: SDCA's min-max normaliser has no dense block to rescale, so its rows are naive Bayes' rows.
        Assert.NotEqual(AutoMLSpace.Featurizer(space.Default(AutoMLTrainer.SdcaLinear)), AutoMLSpace.Featurizer(space.Default(AutoMLTrainer.NaiveBayes)));
        Assert.Equal(space.FeaturizerKey(space.Default(AutoMLTrainer.SdcaLinear)), space.FeaturizerKey(space.Default(AutoMLTrainer.NaiveBayes)));
        // A different n-gram choice is a different key.
        var words = space.DefaultWith(AutoMLTrainer.SdcaLinear, ("feat.TextCharNgramLength", 0.0));
        Assert.NotEqual(space.FeaturizerKey(space.Default(AutoMLTrainer.SdcaLinear)), space.FeaturizerKey(words));

        // Numbers: the normaliser rescales them, so the keys differ.
        var iris = AutoMLData.Load(ml, TestData.Shipped("iris", "train.csv"), new AutoMLOptions { LabelColumn = "species" });
        var table = new AutoMLSpace([AutoMLTrainer.SdcaLinear, AutoMLTrainer.LightGbm], iris);
        Assert.NotEqual(table.FeaturizerKey(table.Default(AutoMLTrainer.SdcaLinear)), table.FeaturizerKey(table.Default(AutoMLTrainer.LightGbm)));
    }

    private static (IDataView Data, FeaturizerOptions Options, Func<MLContext, IEstimator<ITransformer>> Featurizer, int[] Rows) Setup()
    {
        var ml = new MLContext(0);
        var set = AutoMLData.Load(ml, SmallText(), new AutoMLOptions { LabelColumn = "label" });
        var options = new FeaturizerOptions { TextCharNgramLength = 0, Normalizer = NormalizerKind.None };
        return (set.Data, options, c => DefaultFeaturizer.Build(c, set.Schema, options), Enumerable.Range(0, 300).ToArray());
    }

    [Fact]
    public void Get_SameOptionsAndPart_BuildsOnce_OtherPartsBuildAgain()
    {
        var (data, options, featurizer, rows) = Setup();
        var ml = new MLContext(1);
        int fits = 0;
        Func<MLContext, IEstimator<ITransformer>> counted = c => { Interlocked.Increment(ref fits); return featurizer(c); };
        var cache = new FeatureCache(seed: 1, budgetBytes: 1L << 30);
        var view = DataViewRows.Select(ml, data, rows);
        var first = cache.Get(options, 0, counted, view, CancellationToken.None);
        var again = cache.Get(options with { }, 0, counted, view, CancellationToken.None);
        Assert.Same(first, again);
        Assert.Equal(1, fits);
        Assert.Equal(300, DataViewRows.Count(first.Rows));
        Assert.Equal(["Label", "Features"], first.Rows.Schema.Select(c => c.Name));
        var other = cache.Get(options, 1, counted, view, CancellationToken.None);
        Assert.NotSame(first, other);
        Assert.Equal(2, fits);
        Assert.Equal((1, 2), (cache.Hits, cache.Builds));
    }

    [Fact]
    public void Get_OverTheBudget_DropsTheLeastRecentlyUsed()
    {
        var (data, options, featurizer, rows) = Setup();
        var view = DataViewRows.Select(new MLContext(1), data, rows);
        var probe = new FeatureCache(seed: 1, budgetBytes: 1L << 30);
        long one = probe.Get(options, 0, featurizer, view, CancellationToken.None).Bytes;
        Assert.True(one > 0);
        // Room for two entries: the third drops the least recently used (part 1, as part 0 was read again).
        var cache = new FeatureCache(seed: 1, budgetBytes: 2 * one + one / 2);
        var p0 = cache.Get(options, 0, featurizer, view, CancellationToken.None);
        cache.Get(options, 1, featurizer, view, CancellationToken.None);
        Assert.Same(p0, cache.Get(options, 0, featurizer, view, CancellationToken.None));
        cache.Get(options, 2, featurizer, view, CancellationToken.None);
        Assert.True(cache.HeldBytes <= cache.BudgetBytes, $"{cache.HeldBytes} held of {cache.BudgetBytes}");
        Assert.Same(p0, cache.Get(options, 0, featurizer, view, CancellationToken.None));
        int builds = cache.Builds;
        cache.Get(options, 1, featurizer, view, CancellationToken.None);
        Assert.Equal(builds + 1, cache.Builds);
    }

    [Fact]
    public void Clear_DropsEveryEntry_AndTheNextGetBuildsAgain()
    {
        var (data, options, featurizer, rows) = Setup();
        var view = DataViewRows.Select(new MLContext(1), data, rows);
        var cache = new FeatureCache(seed: 1, budgetBytes: 1L << 30);
        var entry = cache.Get(options, 0, featurizer, view, CancellationToken.None);
        cache.Get(options, 1, featurizer, view, CancellationToken.None);
        Assert.Equal(2 * entry.Bytes, cache.Clear());
        Assert.Equal(0, cache.HeldBytes);
        Assert.NotSame(entry, cache.Get(options, 0, featurizer, view, CancellationToken.None));
        Assert.Equal(3, cache.Builds);
    }

    [Fact]
    public void Get_AfterAFailedBuild_BuildsAfresh()
    {
        var (data, options, featurizer, rows) = Setup();
        var view = DataViewRows.Select(new MLContext(1), data, rows);
        var cache = new FeatureCache(seed: 1, budgetBytes: 1L << 30);
        Assert.Throws<InvalidOperationException>(() => cache.Get(options, 0, _ => throw new InvalidOperationException("broken featurizer"), view, CancellationToken.None));
        using (var cancelled = new CancellationTokenSource())
        {
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => cache.Get(options, 0, featurizer, view, cancelled.Token));
        }
        var entry = cache.Get(options, 0, featurizer, view, CancellationToken.None);
        Assert.Equal(300, DataViewRows.Count(entry.Rows));
        Assert.Equal(1, cache.Builds);
    }

    [Fact]
    public async Task Get_WhileAnotherTrialBuilds_BuildsTheNextPart_WaitsForItsRows_AndBuildsThemWhenThatTrialIsCancelled()
    {
        var (data, options, featurizer, rows) = Setup();
        var view = DataViewRows.Select(new MLContext(1), data, rows);
        var asked = new System.Collections.Concurrent.ConcurrentBag<int>();
        var cache = new FeatureCache(seed: 1, budgetBytes: 1L << 30, (q, _) => { asked.Add(q); return view; }, parts: 3);
        using var builderCts = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // The first trial's featurizer blocks until released, then finds its trial cancelled.
        var builder = Task.Run(() => cache.Get(options, 0, c =>
        {
            started.Set();
            release.Wait();
            builderCts.Token.ThrowIfCancellationRequested();
            return featurizer(c);
        }, view, builderCts.Token));
        started.Wait();
        var waiter = Task.Run(() => cache.Get(options, 0, featurizer, view, CancellationToken.None));
        await Task.Delay(200);
        Assert.False(waiter.IsCompleted);
        builderCts.Cancel();
        release.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => builder);
        var entry = await waiter;
        Assert.Equal(300, DataViewRows.Count(entry.Rows));
        // While it waited it built part 1 (the next fold), then part 0 once the first trial gave up.
        Assert.Equal([1], asked);
        Assert.Equal(2, cache.Builds);
        cache.Get(options, 1, featurizer, view, CancellationToken.None);
        Assert.Equal(2, cache.Builds);
    }
}
