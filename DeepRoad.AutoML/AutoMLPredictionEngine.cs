namespace DeepRoad.AutoML;

/// <summary>
/// Typed predictions from the caller's own class, as ML.NET's PredictionEngine: public properties and fields
/// are matched to the model's input columns by name.
/// </summary>
public sealed class AutoMLPredictionEngine<TInput> where TInput : class
{
    private readonly AutoMLModel _model;

    internal AutoMLPredictionEngine(AutoMLModel model) => _model = model;

    /// <summary>Predicts one object.</summary>
    public ModelPrediction Predict(TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _model.Predict(AutoMLModel.ToRow(input));
    }

    /// <summary>Predicts a batch of objects in one pass.</summary>
    public IReadOnlyList<ModelPrediction> Predict(IEnumerable<TInput> inputs) =>
        _model.PredictBatch(inputs.Select(AutoMLModel.ToRow).ToList());
}
