namespace DeepRoad.Pipelines.Splits;

/// <summary>Shared pieces of the splitters: seeded shuffles, label encoding and option checks.</summary>
internal static class SplitHelpers
{
    public static void Shuffle<T>(T[] items, Random random)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public static int[] Range(int count)
    {
        var result = new int[count];
        for (int i = 0; i < count; i++) result[i] = i;
        return result;
    }

    /// <summary>Codes each distinct label 0..c-1 in order of first appearance (as scikit-learn's StratifiedKFold).</summary>
    public static int[] Encode<T>(IReadOnlyList<T> labels, out int classCount) where T : notnull
    {
        var codes = new int[labels.Count];
        var map = new Dictionary<T, int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (!map.TryGetValue(labels[i], out int code))
            {
                code = map.Count;
                map[labels[i]] = code;
            }
            codes[i] = code;
        }
        classCount = map.Count;
        return codes;
    }

    public static float[] CheckLabels(ReadOnlySpan<float> labels, string option)
    {
        var copy = labels.ToArray();
        for (int i = 0; i < copy.Length; i++)
            if (float.IsNaN(copy[i]))
                throw new ArgumentException($"{option}: label of row {i} is missing (NaN); stratification needs a label on every row.");
        return copy;
    }

    public static void CheckFolds(int folds, int rows, string option = "Folds")
    {
        if (folds < 2)
            throw new ArgumentException($"{option} must be at least 2, not {folds}.", option);
        if (folds > rows)
            throw new ArgumentException($"{option} = {folds} is greater than the number of rows ({rows}).", option);
    }

    /// <summary>Folds from a test-fold number per row (-1: in no test fold); indices ascending.</summary>
    public static IReadOnlyList<Fold> FromAssignment(int[] testFold, int folds)
    {
        var test = new List<int>[folds];
        for (int f = 0; f < folds; f++) test[f] = new List<int>();
        for (int i = 0; i < testFold.Length; i++)
            if (testFold[i] >= 0) test[testFold[i]].Add(i);
        var result = new Fold[folds];
        for (int f = 0; f < folds; f++)
        {
            var train = new List<int>(testFold.Length - test[f].Count);
            for (int i = 0; i < testFold.Length; i++)
                if (testFold[i] != f) train.Add(i);
            result[f] = new Fold(train.ToArray(), test[f].ToArray());
        }
        return result;
    }
}
