using DeepRoad.Pipelines.Splits;
using DeepRoad.Tests.Evaluation;

namespace DeepRoad.Tests.Splits;

public sealed class SplitTests
{
    private static float[] ImbalancedLabels(int n, int seed)
    {
        // Classes 0..3 with shares 50/30/15/5 %, in random order.
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            double u = random.NextDouble();
            return u < 0.5 ? 0f : u < 0.8 ? 1f : u < 0.95 ? 2f : 3f;
        }).ToArray();
    }

    private static void AssertPartition(IReadOnlyList<Fold> folds, int n)
    {
        var seen = new int[n];
        foreach (var fold in folds)
        {
            Assert.Empty(fold.TrainIndices.Intersect(fold.TestIndices));
            Assert.Equal(n, fold.TrainIndices.Length + fold.TestIndices.Length);
            Assert.Equal(fold.TestIndices.Order(), fold.TestIndices);
            Assert.Equal(fold.TrainIndices.Order(), fold.TrainIndices);
            foreach (var i in fold.TestIndices) seen[i]++;
        }
        Assert.All(seen, count => Assert.Equal(1, count));
    }

    [Theory]
    [InlineData(5, 103)]
    [InlineData(3, 10)]
    [InlineData(10, 10)]
    public void KFold_Folds_PartitionRowsWithBalancedSizes(int k, int n)
    {
        var folds = new KFold { Folds = k, Seed = 3 }.Split(n);
        Assert.Equal(k, folds.Count);
        AssertPartition(folds, n);
        Assert.True(folds.Max(f => f.TestIndices.Length) - folds.Min(f => f.TestIndices.Length) <= 1);
    }

    [Fact]
    public void KFold_NoShuffle_ContiguousBlocksLikeScikitLearn()
    {
        var folds = new KFold { Folds = 3, Shuffle = false }.Split(7);
        Assert.Equal([0, 1, 2], folds[0].TestIndices);
        Assert.Equal([3, 4], folds[1].TestIndices);
        Assert.Equal([5, 6], folds[2].TestIndices);
    }

    [Fact]
    public void KFold_SameSeedSameFolds_DifferentSeedDifferentFolds()
    {
        var a = new KFold { Seed = 1 }.Split(200);
        var b = new KFold { Seed = 1 }.Split(200);
        var c = new KFold { Seed = 2 }.Split(200);
        Assert.Equal(a.Select(f => f.TestIndices), b.Select(f => f.TestIndices));
        Assert.NotEqual(a.Select(f => f.TestIndices), c.Select(f => f.TestIndices));
    }

    [Theory]
    [InlineData(5, 1000, 11)]
    [InlineData(7, 333, 12)]
    [InlineData(3, 61, 13)]
    public void StratifiedKFold_ClassCountsPerFold_WithinOneOfIdeal(int k, int n, int seed)
    {
        var labels = ImbalancedLabels(n, seed);
        var folds = new StratifiedKFold { Folds = k, Seed = seed }.Split(labels);
        AssertPartition(folds, n);
        foreach (var cls in labels.Distinct())
        {
            int total = labels.Count(l => l == cls);
            foreach (var fold in folds)
            {
                int inFold = fold.TestIndices.Count(i => labels[i] == cls);
                Assert.True(Math.Abs(inFold - (double)total / k) < 1.0, $"class {cls}: {inFold} in fold, ideal {(double)total / k}");
            }
        }
        Assert.True(folds.Max(f => f.TestIndices.Length) - folds.Min(f => f.TestIndices.Length) <= 1);
    }

    [Fact]
    public void StratifiedKFold_OnIris_EachFoldHasTenOfEachSpecies()
    {
        var (_, species, _) = EvalTestData.ReadNumericCsv("iris", "train.csv", "species");
        var counts = species.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var folds = new StratifiedKFold { Folds = 4, Seed = 42 }.Split(species);
        AssertPartition(folds, species.Length);
        foreach (var fold in folds)
            foreach (var (cls, total) in counts)
                Assert.True(Math.Abs(fold.TestIndices.Count(i => species[i] == cls) - total / 4.0) < 1.0);
    }

    [Fact]
    public void StratifiedKFold_SameSeedSameFolds_DifferentSeedDifferentFolds()
    {
        var labels = ImbalancedLabels(300, 5);
        var a = new StratifiedKFold { Seed = 9 }.Split(labels);
        var b = new StratifiedKFold { Seed = 9 }.Split(labels);
        var c = new StratifiedKFold { Seed = 10 }.Split(labels);
        Assert.Equal(a.Select(f => f.TestIndices), b.Select(f => f.TestIndices));
        Assert.NotEqual(a.Select(f => f.TestIndices), c.Select(f => f.TestIndices));
    }

    [Fact]
    public void StratifiedKFold_FoldsAboveSmallestClass_ErrorNamesOptionAndClass()
    {
        float[] labels = [0, 0, 0, 0, 0, 0, 1, 1, 0, 0];
        var ex = Assert.Throws<ArgumentException>(() => new StratifiedKFold { Folds = 3 }.Split(labels));
        Assert.Contains("Folds", ex.Message);
        Assert.Contains("'1'", ex.Message);
        var folds = new StratifiedKFold { Folds = 3, AllowSmallClasses = true }.Split(labels);
        AssertPartition(folds, labels.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(11)]
    public void Splitters_BadFoldCount_ErrorNamesFolds(int k)
    {
        Assert.Contains("Folds", Assert.Throws<ArgumentException>(() => new KFold { Folds = k }.Split(10)).Message);
        Assert.Contains("Folds", Assert.Throws<ArgumentException>(() => new StratifiedKFold { Folds = k, AllowSmallClasses = true }.Split(new float[10])).Message);
        Assert.Contains("Folds", Assert.Throws<ArgumentException>(() => new GroupKFold { Folds = k }.Split(Enumerable.Range(0, 10).ToArray())).Message);
    }

    [Fact]
    public void GroupKFold_GroupsNeverSplit_AndFoldsBalanced()
    {
        var random = new Random(4);
        var groups = Enumerable.Range(0, 500).Select(_ => "g" + random.Next(40)).ToArray();
        var folds = new GroupKFold { Folds = 5, Seed = 1 }.Split(groups);
        AssertPartition(folds, groups.Length);
        foreach (var fold in folds)
        {
            var testGroups = fold.TestIndices.Select(i => groups[i]).ToHashSet();
            Assert.DoesNotContain(fold.TrainIndices, i => testGroups.Contains(groups[i]));
        }
        Assert.True(folds.Max(f => f.TestIndices.Length) - folds.Min(f => f.TestIndices.Length) <= 25);
        Assert.Contains("groups", Assert.Throws<ArgumentException>(() => new GroupKFold { Folds = 41 }.Split(groups)).Message);
    }

    [Fact]
    public void GroupKFold_Shuffle_SameSeedSame_DifferentSeedDifferent()
    {
        var groups = Enumerable.Range(0, 200).Select(i => i / 4).ToArray(); // 50 equal-size groups
        var a = new GroupKFold { Seed = 1 }.Split(groups);
        var b = new GroupKFold { Seed = 1 }.Split(groups);
        var c = new GroupKFold { Seed = 2 }.Split(groups);
        Assert.Equal(a.Select(f => f.TestIndices), b.Select(f => f.TestIndices));
        Assert.NotEqual(a.Select(f => f.TestIndices), c.Select(f => f.TestIndices));
    }

    [Fact]
    public void TimeSeriesSplit_ExpandingWindow_MatchesScikitLearn()
    {
        // sklearn: TimeSeriesSplit(n_splits=3).split(range(10)) -> train [0..3], test [4,5]; [0..5] [6,7]; [0..7] [8,9]
        var folds = new TimeSeriesSplit { Splits = 3 }.Split(10);
        Assert.Equal(3, folds.Count);
        Assert.Equal(Enumerable.Range(0, 4), folds[0].TrainIndices);
        Assert.Equal([4, 5], folds[0].TestIndices);
        Assert.Equal(Enumerable.Range(0, 6), folds[1].TrainIndices);
        Assert.Equal([8, 9], folds[2].TestIndices);
        foreach (var fold in folds) Assert.True(fold.TrainIndices.Max() < fold.TestIndices.Min());
    }

    [Fact]
    public void TimeSeriesSplit_GapAndMaxTrainSize_MatchScikitLearn()
    {
        // sklearn: TimeSeriesSplit(n_splits=2, gap=1, max_train_size=3, test_size=2).split(range(10))
        // -> train [2,3,4] test [6,7]; train [4,5,6] test [8,9] (checked with scikit-learn 1.2.1)
        var folds = new TimeSeriesSplit { Splits = 2, Gap = 1, MaxTrainSize = 3, TestSize = 2 }.Split(10);
        Assert.Equal([2, 3, 4], folds[0].TrainIndices);
        Assert.Equal([6, 7], folds[0].TestIndices);
        Assert.Equal([4, 5, 6], folds[1].TrainIndices);
        Assert.Equal([8, 9], folds[1].TestIndices);
        Assert.Contains("Splits", Assert.Throws<ArgumentException>(() => new TimeSeriesSplit { Splits = 5 }.Split(4)).Message);
    }

    [Fact]
    public void TimeSeriesSplit_ByTimeKey_TrainsOnlyOnEarlierRows()
    {
        var random = new Random(8);
        var time = Enumerable.Range(0, 60).Select(_ => random.Next(1000)).ToArray();
        foreach (var fold in new TimeSeriesSplit { Splits = 4 }.Split(time))
            Assert.True(fold.TrainIndices.Max(i => time[i]) <= fold.TestIndices.Min(i => time[i]));
    }

    [Fact]
    public void TrainValidationTest_Default_Is721AndPartitions()
    {
        var split = new TrainValidationTestSplit { Seed = 5 }.Split(1000);
        Assert.Equal(700, split.Train.Length);
        Assert.Equal(200, split.Validation.Length);
        Assert.Equal(100, split.Test.Length);
        Assert.Equal(Enumerable.Range(0, 1000), split.Train.Concat(split.Validation).Concat(split.Test).Order());
        var again = new TrainValidationTestSplit { Seed = 5 }.Split(1000);
        Assert.Equal(split.Test, again.Test);
        Assert.NotEqual(split.Test, new TrainValidationTestSplit { Seed = 6 }.Split(1000).Test);
        Assert.Equal(2, split.ToFolds().Count);
    }

    [Fact]
    public void TrainValidationTest_Stratified_ClassSharesWithinOneRow()
    {
        var labels = ImbalancedLabels(997, 21);
        var split = new TrainValidationTestSplit { TrainFraction = 6, ValidationFraction = 3, TestFraction = 1, Seed = 2 }.Split(labels);
        Assert.Equal(598, split.Train.Length);
        Assert.Equal(897, split.Train.Length + split.Validation.Length);
        foreach (var cls in labels.Distinct())
        {
            int total = labels.Count(l => l == cls);
            foreach (var (part, share) in new[] { (split.Train, 0.6), (split.Validation, 0.3), (split.Test, 0.1) })
            {
                int count = part.Count(i => labels[i] == cls);
                Assert.True(Math.Abs(count - total * share) <= 1.0, $"class {cls}: {count} vs ideal {total * share}");
            }
        }
    }

    [Fact]
    public void TrainValidationTest_BadFraction_ErrorNamesOption()
    {
        Assert.Contains("ValidationFraction", Assert.Throws<ArgumentException>(() => new TrainValidationTestSplit { ValidationFraction = -1 }.Split(10)).Message);
        Assert.Contains("TrainFraction", Assert.Throws<ArgumentException>(() => new TrainValidationTestSplit { TrainFraction = 0 }.Split(10)).Message);
    }
}
