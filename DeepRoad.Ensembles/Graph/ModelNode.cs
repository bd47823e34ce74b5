using DeepRoad.Ensembles.Data;
using DeepRoad.Ensembles.Internal;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Graph;

/// <summary>A fitted ML.NET model (member or meta-learner) read as predictions.</summary>
internal sealed class ModelNode : PredictionNode
{
    public ModelNode(string name, ITransformer model, DataViewSchema trainSchema, OutputMode mode, TaskInfo task, FeatureSpec? features)
    {
        Name = name;
        Model = model;
        TrainSchema = trainSchema;
        Mode = mode;
        Task = task;
        Features = features;
    }

    public string Name { get; }
    public ITransformer Model { get; }
    public DataViewSchema TrainSchema { get; }
    public OutputMode Mode { get; }
    public TaskInfo Task { get; }
    public FeatureSpec? Features { get; }

    public override int Width => Task.Width;

    public override IEnumerable<PredictionNode> Children => Features?.Stacked ?? [];

    public override Func<float[]> Bind(DataViewRow input, BindContext context)
    {
        DataViewRow effective = input;
        if (Features != null)
        {
            var appender = FeatureComposer.ForSpec(Features, context);
            effective = new AppendedRow(input, appender, appender.OutputSchema(input.Schema));
        }
        try
        {
            var mapper = Model.GetRowToRowMapper(effective.Schema);
            var needed = ScoredRowReader.NeededColumns(mapper.OutputSchema, Mode, Task);
            var output = mapper.GetRow(effective, needed);
            var fill = ScoredRowReader.Create(output, Mode, Task);
            return Cached(input, Width, buffer => fill(buffer));
        }
        catch (Exception ex) when (ex is not EnsembleMemberException)
        {
            throw new EnsembleMemberException(Name, $"Ensemble member '{Name}' cannot score this input: {ex.Message}", ex);
        }
    }
}
