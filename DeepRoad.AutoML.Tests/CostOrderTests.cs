using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Loading;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

public sealed class CostOrderTests
{
    [Fact]
    public void CostOrderFor_TextColumns_PutsSdcaFirst_TablesKeepTheDefaultOrder()
    {
        var ml = new MLContext(0);
        var text = DataLoader.LoadFile(ml, TestData.Shipped("fine_foods", "train.csv"), new DataLoadOptions { Label = "label" });
        var table = DataLoader.LoadFile(ml, TestData.Shipped("iris", "train.csv"), new DataLoadOptions { Label = "species" });

        var forText = AutoMLSpace.CostOrderFor(text.Schema);
        Assert.Equal(AutoMLTrainer.SdcaLinear, forText[0]);
        Assert.True(Array.IndexOf(forText, AutoMLTrainer.LbfgsLinear) < Array.IndexOf(forText, AutoMLTrainer.LightGbm));
        Assert.Equal(AutoMLSpace.CostOrder.Order(), forText.Order());

        Assert.Equal(AutoMLSpace.CostOrder, AutoMLSpace.CostOrderFor(table.Schema));
    }
}
