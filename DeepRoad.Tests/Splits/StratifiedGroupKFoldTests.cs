using DeepRoad.Pipelines.Splits;

namespace DeepRoad.Tests.Splits;

public sealed class StratifiedGroupKFoldTests
{
    // scikit-learn 1.2.1's StratifiedGroupKFold(n_splits=4, shuffle=False) on 40 groups (benchmarks/stratified_group_kfold_reference.py).
    private const string Classes = "0002000102100001111201000001201000000000011101001212111101020022111110002020000101200002000011000010122010001001010100011001111101202111002200100211011101020111121000010011100000000110020202011000000000001101111011010211100110101";
    private const string Sizes = "9,6,7,9,6,7,8,3,1,3,3,8,9,1,5,8,2,8,2,5,8,3,4,3,7,3,9,5,5,5,6,5,5,9,8,8,7,6,4,9";
    private const string Expected = "1111111112222220000000000000000222222222222222222222000011122211111111333333333000000222222221111111111000000022222222222333311111111111113333333333333333333222220000002222211111333333333000000000000000033333333333330000111111111";

    private static (float[] Labels, int[] Groups) Reference()
    {
        var labels = Classes.Select(c => (float)(c - '0')).ToArray();
        var groups = Sizes.Split(',').Select(int.Parse).SelectMany((size, g) => Enumerable.Repeat(g, size)).ToArray();
        return (labels, groups);
    }

    private static int[] TestFoldOf(IReadOnlyList<Fold> folds, int rows)
    {
        var fold = new int[rows];
        for (int f = 0; f < folds.Count; f++) foreach (var i in folds[f].TestIndices) fold[i] = f;
        return fold;
    }

    [Fact]
    public void WithoutShuffle_EqualsScikitLearn()
    {
        var (labels, groups) = Reference();
        var folds = new StratifiedGroupKFold { Folds = 4, Shuffle = false }.Split(labels, groups);
        Assert.Equal(Expected, string.Concat(TestFoldOf(folds, labels.Length)));
    }

    [Fact]
    public void Shuffled_GroupsNeverSplit_ClassSharesNearTheWhole_AndSeedsRepeat()
    {
        var (labels, groups) = Reference();
        var a = new StratifiedGroupKFold { Folds = 4, Seed = 3 }.Split(labels, groups);
        var b = new StratifiedGroupKFold { Folds = 4, Seed = 3 }.Split(labels, groups);
        var c = new StratifiedGroupKFold { Folds = 4, Seed = 4 }.Split(labels, groups);
        Assert.Equal(TestFoldOf(a, labels.Length), TestFoldOf(b, labels.Length));
        Assert.NotEqual(TestFoldOf(a, labels.Length), TestFoldOf(c, labels.Length));
        var seen = new int[labels.Length];
        foreach (var fold in a)
        {
            Assert.Empty(fold.TrainIndices.Select(i => groups[i]).Intersect(fold.TestIndices.Select(i => groups[i])));
            foreach (var i in fold.TestIndices) seen[i]++;
            // Each class's share of a fold within 8 points of its share of all rows.
            for (int k = 0; k < 3; k++)
            {
                double whole = labels.Count(v => v == k) / (double)labels.Length;
                double here = fold.TestIndices.Count(i => labels[i] == k) / (double)fold.TestIndices.Length;
                Assert.True(Math.Abs(here - whole) < 0.08, $"class {k}: {here:0.000} in a fold, {whole:0.000} overall");
            }
        }
        Assert.All(seen, n => Assert.Equal(1, n));
    }

    [Fact]
    public void BadInput_IsAnError()
    {
        Assert.Contains("number of groups (3)", Assert.Throws<ArgumentException>(() =>
            new StratifiedGroupKFold { Folds = 4 }.Split(new float[] { 0, 1, 0, 1 }, new[] { 1, 1, 2, 3 })).Message);
        Assert.Contains("rows", Assert.Throws<ArgumentException>(() =>
            new StratifiedGroupKFold { Folds = 2 }.Split(new float[] { 0, 1, 0 }, new[] { 1, 2 })).Message);
    }
}
