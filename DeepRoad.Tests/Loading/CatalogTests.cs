using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

public sealed class CatalogTests
{
    [Fact]
    public void DeepRoadCatalog_LoadCleanFeaturize_Works()
    {
        var ml = new MLContext(seed: 1);
        var train = ml.DeepRoad().LoadFile(DataPaths.Shipped("iris/train.csv"), new DataLoadOptions { Label = "species" });
        var test = ml.DeepRoad().LoadFile(DataPaths.Shipped("iris/test.csv"), train.Schema);
        var cleaned = ml.DeepRoad().Clean(train.WithPreparedLabel(ml), train.Schema);
        var model = ml.DeepRoad().DefaultFeaturizer(cleaned.Schema).Fit(cleaned.Train);
        Assert.Equal(30, ViewReader.Count(model.Transform(cleaned.Transform(test.Data))));
    }
}
