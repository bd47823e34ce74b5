using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Tests.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Metrics;

public sealed class LabelAndPredictionReaderTests
{
    [Fact]
    public void LabelReader_Binary_BoolToZeroOne()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var labels = LabelReader.Read(data, MLTask.BinaryClassification);
        var raw = EvalTestData.ReadNumericCsv("breast_cancer", "train.csv", "diagnosis").Labels;
        Assert.Equal(raw.Select(r => r == "malignant" ? 1f : 0f), labels);
        Assert.Equal(new PreparedLabel(MLTask.BinaryClassification, 2, ["False", "True"]).ClassNames, PreparedLabel.FromData(data).ClassNames);
    }

    [Fact]
    public void LabelReader_Multiclass_KeyToZeroBasedIndexInSortedOrder()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        var labels = LabelReader.Read(data, MLTask.MulticlassClassification);
        var raw = EvalTestData.ReadNumericCsv("iris", "train.csv", "species").Labels;
        var sorted = raw.Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(raw.Select(r => (float)sorted.IndexOf(r)), labels);
        var info = PreparedLabel.FromData(data);
        Assert.Equal(MLTask.MulticlassClassification, info.Task);
        Assert.Equal(3, info.ClassCount);
        Assert.Equal(sorted, info.ClassNames);
    }

    [Fact]
    public void LabelReader_Regression_FloatValue_AndWrongTypeNamesColumn()
    {
        var ml = new MLContext(seed: 1);
        var data = EvalTestData.Prepared(ml, "diabetes", "progression", MLTask.Regression);
        var labels = LabelReader.Read(data, MLTask.Regression);
        Assert.Equal(EvalTestData.ReadNumericCsv("diabetes", "train.csv", "progression").Labels.Select(float.Parse), labels);
        Assert.Equal(MLTask.Regression, PreparedLabel.FromData(data).Task);
        var ex = Assert.Throws<DeepRoadDataException>(() => LabelReader.Read(data, MLTask.BinaryClassification));
        Assert.Contains("'Label'", ex.Message);
        var missing = Assert.Throws<DeepRoadDataException>(() => LabelReader.Read(data, MLTask.Regression, "Target"));
        Assert.Contains("'Target'", missing.Message);
    }

    [Fact]
    public void PredictionExtractor_ReadsScoredColumnsOfEachTask()
    {
        var ml = new MLContext(seed: 1);
        var binary = EvalTestData.Prepared(ml, "breast_cancer", "diagnosis", MLTask.BinaryClassification, positive: "malignant");
        var binaryScored = ml.Transforms.NormalizeMinMax("Features").Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())
            .Fit(binary).Transform(binary);
        var p = PredictionExtractor.Extract(binaryScored, MLTask.BinaryClassification, 2);
        var probability = binaryScored.GetColumn<float>("Probability").ToArray();
        Assert.Equal(probability.Length, p.Rows);
        Assert.Equal(probability, p.Column(1));
        Assert.All(Enumerable.Range(0, p.Rows), r => Assert.Equal(1.0, p[r, 0] + p[r, 1], 6));

        var iris = EvalTestData.Prepared(ml, "iris", "species", MLTask.MulticlassClassification);
        var irisScored = ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy().Fit(iris).Transform(iris);
        var m = PredictionExtractor.Extract(irisScored, MLTask.MulticlassClassification, 3);
        Assert.Equal(3, m.Width);
        var predicted = irisScored.GetColumn<uint>("PredictedLabel").Select(k => (int)k - 1).ToArray();
        Assert.Equal(predicted, m.ArgMax());
        Assert.Throws<DeepRoadDataException>(() => PredictionExtractor.Extract(irisScored, MLTask.MulticlassClassification, 4));

        var diabetes = EvalTestData.Prepared(ml, "diabetes", "progression", MLTask.Regression);
        var regScored = ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5).Fit(diabetes).Transform(diabetes);
        var r = PredictionExtractor.Extract(regScored, MLTask.Regression, 1);
        Assert.Equal(regScored.GetColumn<float>("Score"), r.Values);
    }
}
