using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>Multinomial and complement naive Bayes against scikit-learn's MultinomialNB / ComplementNB on the same rows.</summary>
public sealed class NaiveBayesTests
{
    private static float[] Probabilities(ITransformer model, IDataView test, int row)
    {
        var scored = model.Transform(test);
        return scored.Schema["Score"].Type is VectorDataViewType
            ? scored.GetColumn<VBuffer<float>>("Score").ElementAt(row).DenseValues().ToArray()
            : [scored.GetColumn<float>("Probability").ElementAt(row)];
    }

    [Theory]
    // scikit-learn 1.2.1 on the shipped wine split (features as float32): predict_proba of test row `row`.
    [InlineData(NaiveBayesKind.Multinomial, 1.0, false, 1, new[] { 0.02175081, 0.01448399, 0.9637652 })]
    [InlineData(NaiveBayesKind.Complement, 1.0, false, 1, new[] { 0.92034969, 0.03907436, 0.04057594 })]
    [InlineData(NaiveBayesKind.Complement, 0.1, true, 0, new[] { 0.64734048, 0.14957571, 0.20308381 })]
    public void Fit_Wine_MatchesScikitLearn(NaiveBayesKind kind, double alpha, bool norm, int row, double[] expected)
    {
        var set = Fitted.Data("wine");
        var model = Fitted.Context.DeepRoad().Ensembles.NaiveBayes(new NaiveBayesOptions { Kind = kind, Alpha = alpha, NormalizeWeights = norm }).Fit(set.Train);
        var p = Probabilities(model, set.Test, row);
        for (int c = 0; c < 3; c++) Assert.Equal(expected[c], p[c], 3);
    }

    [Theory]
    // scikit-learn 1.2.1, breast_cancer (positive = malignant): test ROC-AUC 0.94577 for both models; P(malignant) of test row 1 is 1.0.
    [InlineData(NaiveBayesKind.Multinomial)]
    [InlineData(NaiveBayesKind.Complement)]
    public void Fit_BreastCancer_BinaryOutputsMatchScikitLearn_AndSaveLoad(NaiveBayesKind kind)
    {
        var set = Fitted.Data("breast_cancer");
        var model = Fitted.Context.DeepRoad().Ensembles.NaiveBayes(kind).Fit(set.Train);
        var scored = model.Transform(set.Test);
        Assert.Equal(0.945767, Fitted.Score(set, PredictionExtractor.Extract(scored, set.Task, 2)), 4);
        var probability = scored.GetColumn<float>("Probability").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        Assert.Equal(1.0, probability[1], 4);
        for (int i = 0; i < probability.Length; i++)
        {
            Assert.True(float.IsFinite(score[i]));
            Assert.Equal(score[i] > 0, predicted[i]);
        }

        using var buffer = new MemoryStream();
        TransformerArchive.Save(Fitted.Context, model, set.Train.Schema, buffer);
        buffer.Position = 0;
        var loaded = Assert.IsType<NaiveBayesTransformer>(TransformerArchive.Load(new MLContext(2), buffer, out _));
        Assert.Equal(score, loaded.Transform(set.Test).GetColumn<float>("Score").ToArray());
        var row = TestData.FeatureRows(set.Test, 2)[1];
        Assert.Equal(probability[1], loaded.PredictProbabilities(row)[1], 5);
    }

    [Fact]
    public void Multiclass_KeepsTheClassNames_AndTheSchemaCheckAgrees()
    {
        var set = Fitted.Data("wine");
        var estimator = Fitted.Context.DeepRoad().Ensembles.NaiveBayes();
        var scored = estimator.Fit(set.Train).Transform(set.Test);
        VBuffer<ReadOnlyMemory<char>> names = default;
        scored.Schema["PredictedLabel"].GetKeyValues(ref names);
        Assert.Equal(["class_0", "class_1", "class_2"], names.DenseValues().Select(n => n.ToString()).ToArray());
        var shape = estimator.GetOutputSchema(SchemaShapes.Create(set.Train.Schema));
        Assert.Contains(shape, c => c.Name == "Score");
        Assert.Contains(shape, c => c.Name == "PredictedLabel");
    }

    [Fact]
    public void BadInput_NamesTheOptionColumnRowAndSlot()
    {
        var c = Fitted.Context.DeepRoad().Ensembles;
        Assert.Contains("Alpha", Assert.Throws<ArgumentOutOfRangeException>(() => c.NaiveBayes(alpha: 0)).Message);
        // Regression labels are not classes.
        var diabetes = Fitted.Data("diabetes");
        Assert.Contains("Label column 'Label' has type", Assert.Throws<ArgumentException>(() => c.NaiveBayes().Fit(diabetes.Train)).Message);
        Assert.Throws<ArgumentException>(() => c.NaiveBayes().GetOutputSchema(SchemaShapes.Create(diabetes.Train.Schema)));
        // Negative features (standardised columns) are not counts.
        var wine = Fitted.Data("wine");
        var standardised = Fitted.Context.Transforms.NormalizeMeanVariance("Features", fixZero: false).Fit(wine.Train).Transform(wine.Train);
        var ex = Assert.Throws<DeepRoadDataException>(() => c.NaiveBayes().Fit(standardised));
        Assert.Contains("non-negative", ex.Message);
        Assert.Contains("'Features' slot", ex.Message);
        Assert.Contains("at row 1", ex.Message);
    }
}
