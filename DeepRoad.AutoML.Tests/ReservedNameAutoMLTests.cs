using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>A table whose inputs are named Label and Features (names DeepRoad's pipelines add) is searched, served and saved like any other.</summary>
public sealed class ReservedNameAutoMLTests
{
    /// <summary>The label "sold" is whether Features (a count of listed features) plus the Label's brand effect is high (5 % flipped).</summary>
    private static string Write(string name, int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("Features,Label,age,sold\n");
        for (int i = 0; i < rows; i++)
        {
            int features = rng.Next(0, 10);
            string brand = rng.Next(2) == 0 ? "premium" : "basic";
            bool sold = features + (brand == "premium" ? 3 : 0) >= 7;
            if (rng.NextDouble() < 0.05) sold = !sold;
            sb.Append(CultureInfo.InvariantCulture, $"{features},{brand},{rng.Next(1, 40)},{(sold ? "yes" : "no")}\n");
        }
        var path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task InputsNamedLabelAndFeatures_AreLearnedFrom_AndPredictionTakesThemByTheirNames()
    {
        var train = Write("reserved_train.csv", 400, 1);
        var test = Write("reserved_test.csv", 200, 2);
        var o = new AutoMLOptions { LabelColumn = "sold", TimeBudget = null, MaxTrials = 3, Workers = 1, Seed = 5, Trainers = [AutoMLTrainer.LbfgsLinear, AutoMLTrainer.LightGbm] };
        var result = await new MLContext(5).DeepRoad().AutoML(o).FitAsync(train);
        Assert.Equal("Features_column", result.Schema["Features"].Name);
        Assert.Equal("Label_column", result.Schema["Label"].Name);
        // Both carry the signal: without either, accuracy stays near 0.75.
        var metrics = result.Model.Evaluate(test);
        Assert.True(metrics["accuracy"] > 0.88, $"test accuracy {metrics["accuracy"]}");

        // By column name, from the caller's class and from a file, with the source's names.
        var byName = result.Predict(new Dictionary<string, object?> { ["Features"] = 9, ["Label"] = "premium", ["age"] = 10 });
        var typed = result.Model.CreatePredictionEngine<Listing>().Predict(new Listing { Features = 1, Label = "basic", age = 10 });
        Assert.Equal("yes", byName.PredictedLabel);
        Assert.Equal("no", typed.PredictedLabel);
        Assert.Equal(200, result.Model.PredictFile(test).Count);
        var ex = Assert.Throws<ArgumentException>(() => result.Predict(new Dictionary<string, object?> { ["Label"] = "basic", ["age"] = 3 }));
        Assert.Contains("'Features'", ex.Message);

        var path = Path.Combine(TestData.TempDir(), "reserved_model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        Assert.Equal("Features", loaded.Schema["Features_column"].SourceColumn);
        Assert.Equal(metrics["accuracy"], loaded.Evaluate(test)["accuracy"], 6);
        Assert.Equal(byName.Probabilities["yes"], loaded.Predict(new Dictionary<string, object?> { ["Features"] = 9, ["Label"] = "premium", ["age"] = 10 }).Probabilities["yes"], 5);
    }

    private sealed class Listing
    {
        public float Features { get; set; }
        public string Label { get; set; } = "";
        public float age { get; set; }
    }
}
