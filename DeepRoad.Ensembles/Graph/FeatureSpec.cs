namespace DeepRoad.Ensembles.Graph;

/// <summary>
/// How a member's <c>Features</c> column is built from the ensemble's input: stacked predictions of
/// earlier nodes (binary keeps only P(true)) followed by selected slots of the original feature vector.
/// </summary>
internal sealed record FeatureSpec(string Column, IReadOnlyList<PredictionNode> Stacked, bool BinaryDropFirst, int[] OriginalSlots)
{
    public int StackedWidth => Stacked.Sum(s => BinaryDropFirst ? 1 : s.Width);

    public int Width => StackedWidth + OriginalSlots.Length;
}
