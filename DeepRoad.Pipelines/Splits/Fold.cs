namespace DeepRoad.Pipelines.Splits;

/// <summary>
/// One train/test assignment by row index (0-based positions in the data view). Splitters return indices in
/// ascending order, which lets <see cref="DataViewRows.Select"/> stream rows without buffering them.
/// </summary>
/// <param name="TrainIndices">Rows to fit on.</param>
/// <param name="TestIndices">Rows to score (the held-out part).</param>
public sealed record Fold(int[] TrainIndices, int[] TestIndices);
