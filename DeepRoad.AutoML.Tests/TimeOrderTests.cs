using System.Globalization;
using System.Text;
using DeepRoad.AutoML.Data;
using DeepRoad.Pipelines;
using Microsoft.ML;

namespace DeepRoad.AutoML.Tests;

/// <summary>
/// <see cref="AutoMLOptions.TimeOrderColumn"/>: daily sales whose level drifts (a random walk) plus a daily effect of x1.
/// Shuffled folds let a model read the level off the neighbouring days in training, so validation is flattered; folds
/// in time order make it forecast, as it will have to.
/// </summary>
public sealed class TimeOrderTests
{
    /// <summary>Days <paramref name="first"/> .. first + days - 1 from 2023-01-01 of the same series, rows shuffled.</summary>
    private static string Write(string name, int first, int days, int seed = 3)
    {
        var rng = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var lines = new List<string>();
        double level = 0;
        for (int d = 0; d < first + days; d++)
        {
            level += Normal();
            double x1 = Normal(), x2 = Normal(), sales = level + 2 * x1 + 0.3 * Normal();
            if (d >= first)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{new DateTime(2023, 1, 1).AddDays(d):yyyy-MM-dd},{x1:0.000},{x2:0.000},{sales:0.000}"));
        }
        var shuffled = lines.OrderBy(_ => rng.Next()).ToList();
        var path = Path.Combine(TestData.TempDir(), name);
        File.WriteAllText(path, "day,x1,x2,sales\n" + string.Join("\n", shuffled) + "\n");
        return path;
    }

    private static AutoMLOptions Options(string? timeColumn) => new()
    {
        LabelColumn = "sales", TimeOrderColumn = timeColumn, TimeBudget = null, MaxTrials = 3, Workers = 1, Seed = 1,
        Trainers = [AutoMLTrainer.LightGbm], Ensemble = false,
    };

    [Fact]
    public void Folds_TrainOnThePast_ScoreTheFuture_LatestFirst_AndAHoldoutIsTheLatestRows()
    {
        var data = AutoMLData.Load(new MLContext(1), Write("sales_folds.csv", 0, 120), Options("day"));
        var times = data.Times!;
        var folds = AutoMLExperiment.MakeFolds(data, Options("day"), 1);
        Assert.Equal(5, folds.Count);
        Assert.All(folds, f => Assert.True(f.TrainIndices.Max(i => times[i]) < f.TestIndices.Min(i => times[i])));
        // Latest first: the first fold (the row-subsample step's) trains on the most rows; the earliest 20 days are never scored.
        Assert.Equal(folds.Select(f => f.TrainIndices.Length).OrderByDescending(x => x), folds.Select(f => f.TrainIndices.Length));
        Assert.Equal(100, folds.SelectMany(f => f.TestIndices).Distinct().Count());
        var earliest = Enumerable.Range(0, 120).OrderBy(i => times[i]).Take(20).ToHashSet();
        Assert.DoesNotContain(folds.SelectMany(f => f.TestIndices), earliest.Contains);

        var holdout = AutoMLExperiment.MakeFolds(data, Options("day") with { HoldoutFraction = 0.25 }, 1);
        var fold = Assert.Single(holdout);
        Assert.Equal(30, fold.TestIndices.Length);
        Assert.Equal(Enumerable.Range(0, 120).OrderBy(i => times[i]).Skip(90).Order(), fold.TestIndices);
    }

    [Fact]
    public async Task TimeOrderedValidation_IsNotFlatteredByNeighbouringDays_AndTheMembersAreRefitted()
    {
        var train = Write("sales_train.csv", 0, 300);
        var future = Write("sales_future.csv", 300, 60);
        var shuffled = await new MLContext(1).DeepRoad().AutoML(Options(null)).FitAsync(train);
        var ordered = await new MLContext(1).DeepRoad().AutoML(Options("day")).FitAsync(train);
        double shuffledRmse = shuffled.Leaderboard.Best!.Score!.Value, orderedRmse = ordered.Leaderboard.Best!.Score!.Value;
        double futureRmse = ordered.Model.Evaluate(future)["rmse"];
        // Shuffled folds read the level off the neighbouring days: their RMSE is a fraction of what forecasting costs
        // (measured: shuffled 1.66, in time order 4.46, the next 60 days 6.38; 1.71 when the time-ordered run was
        // deliberately given shuffled folds, which this test then failed).
        Assert.True(orderedRmse > 1.5 * shuffledRmse, $"shuffled {shuffledRmse:0.00}, in time order {orderedRmse:0.00}");
        Assert.True(futureRmse > 1.5 * shuffledRmse, $"shuffled {shuffledRmse:0.00}, future {futureRmse:0.00}");
        Assert.All(ordered.Model.Members, m => Assert.True(m.RefitOnAllRows, $"member #{m.Trial} was not refitted"));
        Assert.All(shuffled.Model.Members, m => Assert.False(m.RefitOnAllRows));
    }

    [Fact]
    public async Task BadTimeColumns_AreErrorsNamingTheOption()
    {
        var train = Write("sales_bad.csv", 0, 40);
        var text = Path.Combine(TestData.TempDir(), "sales_text.csv");
        File.WriteAllLines(text, File.ReadAllLines(train).Select((l, i) => i == 0 ? l + ",shop" : l + (i % 2 == 0 ? ",north" : ",south")));
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => new MLContext(1).DeepRoad().AutoML(Options("shop")).FitAsync(text));
        Assert.Contains("TimeOrderColumn (--time-order): 'shop' is categorical", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => new MLContext(1).DeepRoad().AutoML(Options("when")).FitAsync(train));
        Assert.Contains("'when' not in", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => (Options("day") with { GroupColumn = "x2" }).Validate());
        Assert.Contains("cannot both be set", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => (Options("day") with { Repeats = 2 }).Validate());
        Assert.Contains("Repeats (--repeats) 2 needs shuffled folds", ex.Message);
        var blank = Path.Combine(TestData.TempDir(), "sales_blank.csv");
        File.WriteAllLines(blank, File.ReadAllLines(train).Select((l, i) => i == 7 ? "," + l[(l.IndexOf(',') + 1)..] : l));
        var missing = await Assert.ThrowsAsync<DeepRoadDataException>(() => new MLContext(1).DeepRoad().AutoML(Options("day")).FitAsync(blank));
        Assert.Contains("row 7, column 'day': no time", missing.Message);
    }
}
