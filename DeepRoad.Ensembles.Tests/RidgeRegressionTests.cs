using DeepRoad.Ensembles.Persistence;
using DeepRoad.Ensembles.Stacking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>The exact ridge meta-learner against scikit-learn's StandardScaler + Ridge on the same diabetes split.</summary>
public sealed class RidgeRegressionTests
{
    [Theory]
    // scikit-learn 1.2.1: make_pipeline(StandardScaler(), Ridge(alpha)).fit(train).predict(test)
    [InlineData(1.0, 53.7774540653439, 139.86277405, 179.9582406)]
    [InlineData(100.0, 53.462363271836594, 147.33496045, 174.00781851)]
    public void Fit_Diabetes_MatchesScikitLearnRidge(double alpha, double rmse, double first, double second)
    {
        var set = Fitted.Data("diabetes");
        var model = new RidgeRegressionEstimator(l2: alpha).Fit(set.Train);
        var predictions = model.Transform(set.Test).GetColumn<float>("Score").ToArray();
        var truth = TestData.Labels(set.Test);
        double actual = Math.Sqrt(predictions.Zip(truth).Average(p => (p.First - p.Second) * (double)(p.First - p.Second)));
        Assert.Equal(rmse, actual, 3);
        Assert.Equal(first, predictions[0], 2);
        Assert.Equal(second, predictions[1], 2);
    }

    [Fact]
    public void Stacking_Regression_UsesRidgeAndSavesAsArchive()
    {
        var model = Fitted.Model(EnsembleKind.Stacking, "diabetes");
        Assert.Equal("ridge", model.MetaLearner);
        var set = Fitted.Data("diabetes");
        using var buffer = new MemoryStream();
        model.Save(buffer);
        buffer.Position = 0;
        var loaded = EnsembleModel.Load(new MLContext(4), buffer);
        Assert.Equal(model.PredictMatrix(set.Test).Values, loaded.PredictMatrix(set.Test).Values);
    }

    [Fact]
    public void Transformer_WrongWidth_NamesTheColumn()
    {
        var set = Fitted.Data("diabetes");
        var model = new RidgeRegressionEstimator().Fit(set.Train);
        using var buffer = new MemoryStream();
        TransformerArchive.Save(Fitted.Context, model, set.Train.Schema, buffer);
        var wine = Fitted.Data("wine");
        var ex = Assert.Throws<ArgumentException>(() => model.GetOutputSchema(wine.Train.Schema));
        Assert.Contains("'Features' has 13 slots; the ridge model was fitted on 10", ex.Message);
    }
}
