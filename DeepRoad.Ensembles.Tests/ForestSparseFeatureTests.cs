using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Tests;

/// <summary>
/// Forests on a wide, sparse feature vector (a hashed categorical column: 4096 slots, 24 of them set), where the
/// forest holds only the features that vary over its training rows: the trees split on the right slots of the whole
/// vector, and a vector whose features are all constant gives a forest of leaves.
/// </summary>
public sealed class ForestSparseFeatureTests
{
    private sealed class Row
    {
        public string City { get; set; } = "";
        public float Noise { get; set; }
        public bool Label { get; set; }
        public float Constant { get; set; }
    }

    /// <summary>24 cities, the label is true for the first 12; 40 rows per city and a noise column.</summary>
    private static IDataView Cities(MLContext ml, int seed)
    {
        var random = new Random(seed);
        var rows = Enumerable.Range(0, 960).Select(i => new Row { City = $"city{i % 24}", Noise = (float)random.NextDouble(), Label = i % 24 < 12, Constant = 3 }).ToList();
        var view = ml.Data.LoadFromEnumerable(rows);
        return ml.Transforms.Categorical.OneHotHashEncoding("CityHash", "City", numberOfBits: 12)
            .Append(ml.Transforms.Concatenate("Features", "CityHash", "Noise", "Constant"))
            .Fit(view).Transform(view);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WideSparseVector_TreesSplitOnTheSlotsTheRowsSet_AndPredictTheCities(bool randomForest)
    {
        var ml = new MLContext(1);
        var data = Cities(ml, 1);
        var c = ml.DeepRoad().Ensembles;
        ForestTransformer model = randomForest
            ? c.RandomForest(new RandomForestOptions { NumberOfTrees = 20, Seed = 4 }).Fit(data)
            : c.ExtraTrees(new ExtraTreesOptions { NumberOfTrees = 20, Seed = 4 }).Fit(data);
        Assert.Equal(4098, model.FeatureCount);

        // The slots any row sets, and the noise column (4096); never the constant column (4097) or an unused slot.
        var used = new HashSet<int> { 4096 };
        foreach (var v in data.GetColumn<VBuffer<float>>("CityHash"))
            foreach (var i in v.GetIndices()) used.Add(i);
        var splitOn = model.Trees.SelectMany(t => t.Feature).Where(f => f >= 0).Distinct().ToList();
        Assert.NotEmpty(splitOn);
        Assert.All(splitOn, f => Assert.Contains(f, used));
        Assert.Contains(splitOn, f => f < 4096);

        // On fresh rows of the same cities the forest gets the label from the city.
        var fresh = Cities(ml, 2);
        var truth = fresh.GetColumn<bool>("Label").ToArray();
        var predicted = model.Transform(fresh).GetColumn<bool>("PredictedLabel").ToArray();
        Assert.True(truth.Zip(predicted).Count(p => p.First == p.Second) >= 0.95 * truth.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryFeatureConstant_GivesLeaves_ThatPredictTheClassShare(bool randomForest)
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 40).Select(i => new Row { City = "one", Label = i % 4 == 0, Constant = 3 }).ToList();
        var view = ml.Data.LoadFromEnumerable(rows);
        var data = ml.Transforms.Concatenate("Features", "Noise", "Constant").Fit(view).Transform(view);
        var c = ml.DeepRoad().Ensembles;
        ForestTransformer model = randomForest
            ? c.RandomForest(new RandomForestOptions { NumberOfTrees = 5, Seed = 1, Bootstrap = false }).Fit(data)
            : c.ExtraTrees(new ExtraTreesOptions { NumberOfTrees = 5, Seed = 1 }).Fit(data);
        Assert.Equal(5, model.NodeCount);
        Assert.Equal(0.25f, model.Predict([0f, 3f])[0], 5);
    }
}
