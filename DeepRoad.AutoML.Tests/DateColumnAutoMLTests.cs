using System.Globalization;
using System.Text;
using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Schema;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>A date column reaches the models as numeric parts, and prediction takes the date column itself.</summary>
public sealed class DateColumnAutoMLTests
{
    /// <summary>The label is whether the date falls on a weekend (5 % flipped); test dates are all later than training's.</summary>
    private static string Write(string name, int rows, int firstYear, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("when,noise,kind\n");
        var start = new DateTime(firstYear, 1, 1);
        for (int i = 0; i < rows; i++)
        {
            var d = start.AddDays(rng.Next(0, 3 * 365));
            bool weekend = d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (rng.NextDouble() < 0.05) weekend = !weekend;
            sb.Append(CultureInfo.InvariantCulture, $"{d:yyyy-MM-dd},{rng.NextDouble():0.000},{(weekend ? "weekend" : "weekday")}\n");
        }
        var path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task WeekendLabel_IsLearnedFromTheDayOfWeek_OnUnseenDates()
    {
        var train = Write("dates_train.csv", 500, 2020, 1);
        var test = Write("dates_test.csv", 300, 2025, 2);
        var o = new AutoMLOptions { LabelColumn = "kind", TimeBudget = null, MaxTrials = 4, Workers = 1, Seed = 3, Trainers = [AutoMLTrainer.LightGbm, AutoMLTrainer.FastTree] };
        var result = await new MLContext(3).DeepRoad().AutoML(o).FitAsync(train);
        Assert.Equal(ColumnRole.Date, result.Schema["when"].Role);
        // Every test date is later than every training date, so only the parts can carry the pattern: as a category the
        // dates would all be unseen (0.5 AUC at best).
        var metrics = result.Model.Evaluate(test);
        Assert.True(metrics["accuracy"] > 0.88, $"test accuracy {metrics["accuracy"]}");

        // Prediction takes the date column, from a typed DateTime or from text, and the model round-trips through a file.
        var typed = result.Model.CreatePredictionEngine<Visit>().Predict(new Visit { when = new DateTime(2026, 11, 28), noise = 0.5f });
        var dict = result.Predict(new Dictionary<string, object?> { ["when"] = "2026-11-30", ["noise"] = 0.5 });
        Assert.Equal("weekend", typed.PredictedLabel);   // a Saturday
        Assert.Equal("weekday", dict.PredictedLabel);    // a Monday
        var path = Path.Combine(TestData.TempDir(), "dates_model.zip");
        result.Save(path);
        var loaded = AutoMLModel.Load(path);
        Assert.Equal(metrics["accuracy"], loaded.Evaluate(test)["accuracy"], 6);
        var ex = Assert.Throws<ArgumentException>(() => result.Predict(new Dictionary<string, object?> { ["noise"] = 0.5 }));
        Assert.Contains("'when'", ex.Message);
    }

    [Fact]
    public async Task IgnoreColumns_OnADateColumn_LeavesOutItsParts()
    {
        var train = Write("dates_ignore.csv", 120, 2020, 4);
        var o = new AutoMLOptions { LabelColumn = "kind", TimeBudget = null, MaxTrials = 1, Workers = 1, Seed = 3, Trainers = [AutoMLTrainer.LbfgsLinear], IgnoreColumns = ["when"] };
        var result = await new MLContext(3).DeepRoad().AutoML(o).FitAsync(train);
        Assert.All(result.Schema.Columns.Where(c => c.Date is not null), c => Assert.Equal(ColumnRole.Constant, c.Role));
        // Prediction no longer needs the date column.
        Assert.NotNull(result.Predict(new Dictionary<string, object?> { ["noise"] = 0.5 }).PredictedLabel);
    }

    private sealed class Visit
    {
        public DateTime when { get; set; }
        public float noise { get; set; }
    }
}
