using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Evaluation;
using DeepRoad.Pipelines.Imbalance;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Metrics;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Evaluation;

/// <summary>Cross-validation on a shipped mixed-type table loaded through DeepRoad's own loader.</summary>
public sealed class CrossValidatorIntegrationTests
{
    private static IEstimator<ITransformer> Featurizer(MLContext ml, InferredSchema schema, IDataView data)
    {
        var numeric = schema.ColumnsWithRole(ColumnRole.Numeric).Where(c => data.Schema[c].Type.RawType == typeof(float)).ToArray();
        var categorical = schema.ColumnsWithRole(ColumnRole.Categorical).Where(c => data.Schema[c].Type is TextDataViewType).ToArray();
        IEstimator<ITransformer> pipeline = ml.Transforms.ReplaceMissingValues(numeric.Select(c => new InputOutputColumnPair(c)).ToArray());
        pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(categorical.Select(c => new InputOutputColumnPair(c + "_oh", c)).ToArray()));
        return pipeline
            .Append(ml.Transforms.Concatenate("Features", numeric.Concat(categorical.Select(c => c + "_oh")).ToArray()))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
    }

    [Fact]
    public void Attrition_CrossValidated_ClassWeightsRaiseBalancedAccuracy()
    {
        var ml = new MLContext(seed: 1);
        var loaded = DataLoader.LoadFile(ml, EvalTestData.Path("data", "attrition", "train.csv"), new DataLoadOptions { Label = "Attrition", PositiveClass = "Yes" });
        var data = ml.Data.Cache(loaded.WithPreparedLabel(ml));
        Assert.Equal(2, PreparedLabel.FromData(data).ClassCount);
        var featurizer = Featurizer(ml, loaded.Schema, data);
        var metrics = new[] { MetricKind.RocAuc, MetricKind.BalancedAccuracy, MetricKind.F1 };
        var options = new CrossValidationOptions { Folds = 5, Seed = 4, Metrics = metrics };

        var plain = CrossValidator.Run(ml, data,
            featurizer.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l2Regularization: 1f)),
            MLTask.BinaryClassification, options);
        var weighted = CrossValidator.Run(ml, data,
            featurizer.Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(exampleWeightColumnName: "Weight", l2Regularization: 1f)),
            MLTask.BinaryClassification, options with { Resampler = new ClassWeights() });

        Assert.True(plain.PrimaryMean > 0.75, $"AUC {plain.PrimaryMean}");
        Assert.Equal(plain.Truth.Length, plain.CoveredRows().Length);
        Assert.True(weighted.Mean(MetricKind.BalancedAccuracy) > plain.Mean(MetricKind.BalancedAccuracy) + 0.03,
            $"balanced accuracy: weighted {weighted.Mean(MetricKind.BalancedAccuracy)} vs plain {plain.Mean(MetricKind.BalancedAccuracy)}");
        // Same folds for both runs (same seed), so the comparison is paired.
        Assert.Equal(plain.Folds.Select(f => f.TestIndices), weighted.Folds.Select(f => f.TestIndices));
    }
}
