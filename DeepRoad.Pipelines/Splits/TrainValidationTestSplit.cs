namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// Seeded train/validation/test split, 7:2:1 by default. Fractions are relative (7/2/1 and 0.7/0.2/0.1 are the same);
/// part sizes are the rounded cumulative shares, so they add up to the row count. With <see cref="Stratify"/> each
/// class is spread over the parts in proportion (within about one row of its ideal share).
/// </summary>
public sealed record TrainValidationTestSplit
{
    /// <summary>Relative size of the training part. Default 0.7.</summary>
    public double TrainFraction { get; init; } = 0.7;

    /// <summary>Relative size of the validation part (0 for none). Default 0.2.</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Relative size of the test part (0 for none). Default 0.1.</summary>
    public double TestFraction { get; init; } = 0.1;

    /// <summary>Seed of the shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Keep class proportions in every part (only used by the label overloads). Default true.</summary>
    public bool Stratify { get; init; } = true;

    /// <summary>A random split of <paramref name="rowCount"/> rows.</summary>
    public TrainValidationTestIndices Split(int rowCount)
    {
        Validate(rowCount);
        var order = SplitHelpers.Range(rowCount);
        SplitHelpers.Shuffle(order, new Random(Seed));
        return Cut(order);
    }

    /// <summary>A split of rows with class labels (class indices per the label contract); stratified when <see cref="Stratify"/>.</summary>
    public TrainValidationTestIndices Split(ReadOnlySpan<float> labels) => Split<float>(SplitHelpers.CheckLabels(labels, "labels"));

    /// <summary>A split of rows with labels of any type; stratified when <see cref="Stratify"/>.</summary>
    public TrainValidationTestIndices Split<T>(IReadOnlyList<T> labels) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (!Stratify) return Split(labels.Count);
        Validate(labels.Count);
        var codes = SplitHelpers.Encode(labels, out int classCount);
        var random = new Random(Seed);
        var members = new List<int>[classCount];
        for (int c = 0; c < classCount; c++) members[c] = new List<int>();
        for (int i = 0; i < codes.Length; i++) members[codes[i]].Add(i);

        // Each class's shuffled members get evenly spaced keys in (0, 1); sorting all rows by key interleaves the
        // classes so that every prefix (hence every part) holds each class in proportion.
        var keys = new double[codes.Length];
        var tieBreak = new double[codes.Length];
        for (int c = 0; c < classCount; c++)
        {
            var m = members[c].ToArray();
            SplitHelpers.Shuffle(m, random);
            for (int j = 0; j < m.Length; j++) keys[m[j]] = (j + 0.5) / m.Length;
        }
        for (int i = 0; i < tieBreak.Length; i++) tieBreak[i] = random.NextDouble();
        var order = SplitHelpers.Range(codes.Length).OrderBy(i => keys[i]).ThenBy(i => tieBreak[i]).ToArray();
        return Cut(order);
    }

    private TrainValidationTestIndices Cut(int[] order)
    {
        int n = order.Length;
        double total = TrainFraction + ValidationFraction + TestFraction;
        int trainEnd = (int)Math.Round(n * TrainFraction / total, MidpointRounding.AwayFromZero);
        int validationEnd = (int)Math.Round(n * (TrainFraction + ValidationFraction) / total, MidpointRounding.AwayFromZero);
        if (TestFraction == 0) validationEnd = n;
        if (ValidationFraction == 0) validationEnd = trainEnd;
        return new TrainValidationTestIndices(
            order[..trainEnd].Order().ToArray(),
            order[trainEnd..validationEnd].Order().ToArray(),
            order[validationEnd..].Order().ToArray());
    }

    private void Validate(int rowCount)
    {
        if (rowCount < 1) throw new ArgumentException("Cannot split zero rows.", nameof(rowCount));
        foreach (var (value, name) in new[] { (TrainFraction, nameof(TrainFraction)), (ValidationFraction, nameof(ValidationFraction)), (TestFraction, nameof(TestFraction)) })
            if (double.IsNaN(value) || value < 0)
                throw new ArgumentException($"{name} must be a non-negative number, not {value}.", name);
        if (TrainFraction <= 0)
            throw new ArgumentException($"TrainFraction must be positive, not {TrainFraction}.", nameof(TrainFraction));
    }
}
