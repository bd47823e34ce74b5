using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Cleaning;
using DeepRoad.Pipelines.Featurization;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Tests.Loading;

/// <summary>Loads every dataset in shared/data and checks the inferred schema against datasets.json.</summary>
public sealed class SharedDatasetTests
{
    private readonly MLContext _ml = new(seed: 1);

    private static readonly string[] Names =
    [
        "breast_cancer", "iris", "wine", "diabetes", "adult", "taxi_fare", "sms_spam", "wiki_detox_250",
        "digits_images", "attrition", "penguins", "fine_foods", "sacramento", "corefx_issues",
    ];

    public static TheoryData<string> AllDatasets => new(Names);

    [Fact]
    public void AllDatasets_CoversEveryEntryOfDatasetsJson()
        => Assert.Equal(DatasetCatalog.Names.Order(), Names.Order());

    [Theory]
    [MemberData(nameof(AllDatasets))]
    public void Load_Train_InfersRolesTaskAndRowsOfDatasetsJson(string name)
    {
        var e = DatasetCatalog.Get(name);
        var train = DataLoader.LoadFile(_ml, DataPaths.Shared(e.Train), new DataLoadOptions { Label = e.Label });
        var s = train.Schema;

        Assert.Equal(e.TrainRows, s.RowCount);
        Assert.Equal(e.ExpectedTask, s.Task);
        Assert.Equal(e.Numeric.Order(), s.ColumnsWithRole(ColumnRole.Numeric).Order());
        Assert.Equal(e.Categorical.Order(), s.ColumnsWithRole(ColumnRole.Categorical).Order());
        Assert.Equal(e.Text.Order(), s.ColumnsWithRole(ColumnRole.Text).Order());
        Assert.Equal(e.Image.Order(), s.ColumnsWithRole(ColumnRole.ImagePath).Order());
        Assert.Equal([e.Label], s.ColumnsWithRole(ColumnRole.Label));
        if (e.Classes is not null) Assert.Equal(e.Classes, s.Label!.Classes);
        Assert.Equal(e.PositiveClass, s.Label!.PositiveClass);

        var test = DataLoader.LoadFile(_ml, DataPaths.Shared(e.Test), s);
        Assert.Equal(e.TestRows, ViewReader.Count(test.Data));

        var prepared = train.WithPreparedLabel(_ml);
        var labelType = prepared.Schema[LabelPreparer.LabelColumnName].Type;
        switch (s.Task)
        {
            case MLTask.BinaryClassification:
                Assert.Equal(BooleanDataViewType.Instance, labelType);
                break;
            case MLTask.MulticlassClassification:
                Assert.Equal((ulong)e.Classes!.Length, Assert.IsType<KeyDataViewType>(labelType).Count);
                break;
            default:
                Assert.Equal(NumberDataViewType.Single, labelType);
                break;
        }
        if (e.Label != LabelPreparer.LabelColumnName) Assert.Null(prepared.Schema.GetColumnOrNull(e.Label));

        // Clean on train only, apply to test; then featurize (text sets through n-gram TF-IDF).
        var cleaned = DataCleaner.Fit(_ml, prepared, s, new CleaningOptions { Clipping = OutlierClipping.Iqr });
        Assert.Equal(e.TrainRows, cleaned.Report.RowsBefore);
        Assert.Equal(cleaned.Report.RowsAfter, ViewReader.Count(cleaned.Train));
        int missingCells = s.Columns.Where(c => c.Role is ColumnRole.Numeric or ColumnRole.Categorical).Sum(c => c.MissingCount);
        if (cleaned.Report.RowsAfter == cleaned.Report.RowsBefore) Assert.Equal(missingCells, cleaned.Report.CellsChanged(CleaningStep.Imputation));
        else Assert.InRange(cleaned.Report.CellsChanged(CleaningStep.Imputation), 0, missingCells);
        foreach (var n in s.ColumnsWithRole(ColumnRole.Numeric))
            Assert.DoesNotContain(ViewReader.Singles(cleaned.Train, n), float.IsNaN);
        var preparedTest = LabelPreparer.Prepare(_ml, test.Data, s.Label!);
        var cleanedTest = cleaned.Transform(preparedTest);
        Assert.Equal(e.TestRows, ViewReader.Count(cleanedTest));

        if (s.FeatureColumns.Count > 0)
        {
            // Character n-grams are covered on a small set in DefaultFeaturizerTests; here they would cost ~20 s on 2 cores.
            var featurizer = DefaultFeaturizer.Build(_ml, cleaned.Schema, new FeaturizerOptions { TextCharNgramLength = 0 }).Fit(cleaned.Train);
            var features = featurizer.Transform(cleanedTest);
            Assert.True(Assert.IsType<VectorDataViewType>(features.Schema["Features"].Type).Size > 0);
            Assert.Equal(e.TestRows, ViewReader.Count(features));
        }
    }

    [Fact]
    public void ShippedDigits_SchemaIsImagePathAndLabel()
    {
        var data = DataLoader.LoadFile(_ml, DataPaths.Shipped("digits_images/train.csv"), new DataLoadOptions { Label = "Label" });
        Assert.Equal(400, data.Schema.RowCount);
        Assert.Equal(ColumnRole.ImagePath, data.Schema["ImagePath"].Role);
        Assert.Equal(MLTask.MulticlassClassification, data.Schema.Task);
    }
}
