using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.AutoML.Data;

/// <summary>Training data as AutoML uses it: the Pipelines schema, the view with the prepared <c>Label</c>, and the truth per row.</summary>
/// <param name="Schema">Schema inferred by DeepRoad.Pipelines (ignored columns marked as dropped).</param>
/// <param name="Data">Typed rows with the label prepared per the label contract.</param>
/// <param name="Truth">Class index or value per row.</param>
internal sealed record TrainingSet(InferredSchema Schema, IDataView Data, float[] Truth)
{
    public MLTask Task => Schema.Label!.Task;
    public IReadOnlyList<string> ClassNames => Task == MLTask.Regression ? [] : Schema.Label!.ClassNamesInLabelOrder;
    public int Width => Task == MLTask.Regression ? 1 : ClassNames.Count;
    public int Rows => Truth.Length;

    /// <summary>Each row's group (<see cref="AutoMLOptions.GroupColumn"/>); null when rows are split one by one.</summary>
    public string[]? Groups { get; init; }

    /// <summary>Each row's time (<see cref="AutoMLOptions.TimeOrderColumn"/>); null when folds are shuffled.</summary>
    public double[]? Times { get; init; }
}
