using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// Amounts written as a report writes them ("$52,310.00", "7.5%") with a placeholder word among them ("unknown") reach
/// the models as numbers, in training, in a saved and loaded model, and in rows given as dictionaries.
/// </summary>
public sealed class FormattedNumberAutoMLTests
{
    /// <summary>The label is whether income exceeds 50 000 (3 % flipped); about 4 % of incomes are "unknown".</summary>
    private static string Write(string name, int rows, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("income,rate,segment,high\n");
        for (int i = 0; i < rows; i++)
        {
            double income = 20_000 + rng.NextDouble() * 60_000;
            bool high = income > 50_000;
            if (rng.NextDouble() < 0.03) high = !high;
            string shown = rng.NextDouble() < 0.04 ? "unknown" : "\"" + income.ToString("$#,##0.00", CultureInfo.InvariantCulture) + "\"";
            sb.Append(CultureInfo.InvariantCulture, $"{shown},{rng.NextDouble() * 20:0.0}%,{(rng.Next(2) == 0 ? "retail" : "online")},{(high ? "yes" : "no")}\n");
        }
        var path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task CurrencyColumnWithUnknowns_IsLearnedAsANumber()
    {
        var train = Write("money_train.csv", 400, 1);
        var test = Write("money_test.csv", 200, 2);
        var o = new AutoMLOptions { LabelColumn = "high", TimeBudget = null, MaxTrials = 2, Workers = 1, Seed = 3, Trainers = [AutoMLTrainer.LightGbm] };
        var result = await new MLContext(3).DeepRoad().AutoML(o).FitAsync(train);
        Assert.Equal(ColumnRole.Numeric, result.Schema["income"].Role);
        Assert.Equal(["unknown"], result.Schema["income"].MissingTokens);
        Assert.Equal(ColumnRole.Numeric, result.Schema["rate"].Role);
        // Read as an identifier (before: every amount is unique) or a category, income could not carry the label.
        var metrics = result.Model.Evaluate(test);
        Assert.True(metrics["accuracy"] > 0.85, $"test accuracy {metrics["accuracy"]}");

        // The report says how the column was read.
        Assert.Contains("&#39;income&#39; read as numbers: numeric values; &#39;unknown&#39; read as missing",
            Reporting.HtmlReport.Render(result, new Reporting.ReportOptions { ImportanceRepeats = 1 }));

        var path = Path.Combine(TestData.TempDir(), "money_model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        Assert.Equal(["unknown"], loaded.Schema["income"].MissingTokens);
        Assert.Equal(metrics["accuracy"], loaded.Evaluate(test)["accuracy"], 6);
        Assert.Equal("yes", loaded.Predict(new Dictionary<string, object?> { ["income"] = "$78,000.00", ["rate"] = "5%", ["segment"] = "retail" }).PredictedLabel);
        Assert.Equal("no", loaded.Predict(new Dictionary<string, object?> { ["income"] = 21000.0, ["rate"] = 5.0, ["segment"] = "online" }).PredictedLabel);
        Assert.NotNull(loaded.Predict(new Dictionary<string, object?> { ["income"] = "Unknown", ["rate"] = "5%", ["segment"] = "online" }).PredictedLabel);
    }
}
