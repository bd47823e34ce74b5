using DeepRoad.AutoML.Data;
using DeepRoad.AutoML.Search;
using DeepRoad.Pipelines.Featurization;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>The text featurizer's choices in the AutoML search space.</summary>
public sealed class TextSpaceTests
{
    [Fact]
    public void TextData_SearchesTheWordWeighting_TfIdfFirst_BinaryIdfReachable()
    {
        var ml = new MLContext(0);
        var text = AutoMLData.Load(ml, TestData.Shipped("fine_foods", "train.csv"), new AutoMLOptions { LabelColumn = "label" });
        var space = new AutoMLSpace([AutoMLTrainer.LbfgsLinear], text);
        var weighting = Assert.Single(space.Subspaces[AutoMLTrainer.LbfgsLinear].Parameters, p => p.Name == "feat.TextWordWeighting");

        var first = space.Default(AutoMLTrainer.LbfgsLinear);
        Assert.Equal(TextWeighting.TfIdf, AutoMLSpace.Featurizer(first).TextWordWeighting);
        Assert.DoesNotContain("binary", space.DescribePipeline(first));

        var binary = space.DefaultWith(AutoMLTrainer.LbfgsLinear, (weighting.Name, (double)TextWeighting.BinaryIdf));
        Assert.Equal(TextWeighting.BinaryIdf, AutoMLSpace.Featurizer(binary).TextWordWeighting);
        Assert.Contains("tfidf(word 1-2 binary", space.DescribePipeline(binary));

        // A table without text has no such dimension.
        var table = AutoMLData.Load(ml, TestData.Shipped("iris", "train.csv"), new AutoMLOptions { LabelColumn = "species" });
        Assert.DoesNotContain(new AutoMLSpace([AutoMLTrainer.LbfgsLinear], table).Subspaces[AutoMLTrainer.LbfgsLinear].Parameters, p => p.Name.StartsWith("feat.Text", StringComparison.Ordinal));
    }
}
